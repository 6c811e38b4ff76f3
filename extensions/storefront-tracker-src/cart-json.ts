/** The parts of Shopify's Ajax Cart API answers (/cart.js, /cart/add.js, /cart/change.js …) the tracker reads. Prices in cents. */
export interface CartLineJson {
  id?: number | string;
  variant_id?: number | string;
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

const variantOf = (line: CartLineJson) => String(line.variant_id ?? line.id);

/** `quantity` units of a cart line as an event (catalog: Cart_ItemAdded / Cart_ItemRemoved). */
export const lineEvent = (added: boolean, line: CartLineJson, quantity: number, currency?: string): CartEvent => [
  added ? 'Cart_ItemAdded' : 'Cart_ItemRemoved',
  {
    productId: line.product_id && String(line.product_id),
    variantId: variantOf(line),
    quantity,
    price: line.price! / 100 || undefined,
    title: line.product_title?.slice(0, 250),
    currency,
  },
];

/** Pure: one event per variant whose quantity went up or down between two carts. */
export function diffCarts(before: CartJson, after: CartJson): CartEvent[] {
  const delta: Record<string, [CartLineJson, number]> = {};
  for (const [cart, sign] of [[before, -1], [after, 1]] as const) {
    for (const line of cart.items ?? []) {
      const d = (delta[variantOf(line)] ??= [line, 0]);
      d[1] += sign * line.quantity;
    }
  }
  return Object.values(delta)
    .filter(([, q]) => q)
    .map(([line, q]) => lineEvent(q > 0, line, Math.abs(q), after.currency));
}

/** Pure: variant id → quantity asked for, from an add request body (JSON string, FormData or URLSearchParams). */
export function requestedQuantities(body: unknown): Record<string, number> {
  const asked: Record<string, number> = {};
  let data = body as { get?(k: string): unknown; id?: unknown; quantity?: unknown; items?: { id?: unknown; quantity?: unknown }[] };
  try {
    if (typeof body === 'string') data = JSON.parse(body);
  } catch {
    data = new URLSearchParams(body as string);
  }
  const items = data?.get ? [{ id: data.get('id'), quantity: data.get('quantity') }] : (data?.items ?? [data ?? {}]);
  for (const { id, quantity } of items) if (id) asked[String(id)] = Number(quantity) || 1;
  return asked;
}
