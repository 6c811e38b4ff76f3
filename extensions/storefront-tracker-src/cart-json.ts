/** The parts of Shopify's Ajax Cart API answers (/cart.js, /cart/add.js, /cart/change.js …) the tracker reads. Prices in cents. */
export interface CartLineJson {
  variant_id: number | string;
  product_id?: number | string;
  quantity: number;
  price?: number;
  product_title?: string;
}

export interface CartJson {
  token?: string;
  currency?: string;
  items?: CartLineJson[];
}

export type CartEvent = [name: 'Cart_ItemAdded' | 'Cart_ItemRemoved', properties: Record<string, unknown>];

/** Pure: one event per variant whose quantity went up or down between two sets of cart lines (prices in cents). */
export function diffCarts(before: CartLineJson[], after: CartLineJson[], currency?: string): CartEvent[] {
  const delta: Record<string, [CartLineJson, number]> = {};
  for (const [lines, sign] of [[before, -1], [after, 1]] as const) {
    for (const line of lines) {
      const d = (delta[line.variant_id] ??= [line, 0]);
      d[1] += sign * line.quantity;
    }
  }
  return Object.values(delta)
    .filter(([, q]) => q)
    // Numeric ids are fine: the server keeps Shopify ids as strings either way.
    .map(([line, q]): CartEvent => [
      q > 0 ? 'Cart_ItemAdded' : 'Cart_ItemRemoved',
      { productId: line.product_id, variantId: line.variant_id, quantity: Math.abs(q), price: line.price && line.price / 100, title: line.product_title, currency },
    ]);
}

/** Pure: variant id → quantity asked for, from an add request body (JSON string, FormData or URLSearchParams). */
export function requestedQuantities(body: unknown): Record<string, number> {
  type Item = { id?: unknown; quantity?: unknown };
  let data = body as (Item & { get?(key: string): unknown; items?: Item[] }) | undefined;
  try {
    data = JSON.parse(body as string);
  } catch {
    /* FormData, URLSearchParams or a form-encoded string */
  }
  if (typeof data === 'string') data = new URLSearchParams(data);
  const items = data?.get ? [{ id: data.get('id'), quantity: data.get('quantity') }] : (data?.items ?? [data]);
  return Object.fromEntries(items.filter((item) => item?.id).map((item) => [String(item!.id), Number(item!.quantity) || 1]));
}
