import type { ShopifyCartLine } from './property-fields.js';
import { uuidV8FromHash } from './uuid-v8-from-hash.js';

export interface CartUpdate {
  before: ShopifyCartLine[];
  after: ShopifyCartLine[];
  currency?: string;
}

export interface CartLineEvent {
  name: 'Cart_ItemAdded' | 'Cart_ItemRemoved';
  /** Stable per observed event and variant, so a retried request stores each line change once. */
  id: string;
  properties: Record<string, unknown>;
}

/**
 * Pure: what a cart call changed, one event per variant whose quantity went up or down between the
 * lines before and after (lines of the same variant, split by line item properties, are summed).
 * The storefront only reports what Shopify told it; reading it is the server's job, so a fix here needs
 * no new theme extension release.
 */
export function expandCartUpdate(eventId: string, update: CartUpdate): CartLineEvent[] {
  const delta = new Map<string, [ShopifyCartLine, number]>();
  for (const [lines, sign] of [[update.before, -1], [update.after, 1]] as const) {
    for (const line of lines) {
      const key = String(line.variant_id);
      const entry = delta.get(key) ?? [line, 0];
      entry[1] += sign * line.quantity;
      delta.set(key, entry);
    }
  }
  const out: CartLineEvent[] = [];
  for (const [variant, [line, change]] of delta) {
    if (change === 0) continue;
    const name = change > 0 ? 'Cart_ItemAdded' : 'Cart_ItemRemoved';
    out.push({
      name,
      id: derivedEventId(eventId, `${name}:${variant}`),
      properties: {
        productId: line.product_id,
        variantId: String(line.variant_id),
        quantity: Math.abs(change),
        price: line.price === undefined ? undefined : line.price / 100,
        title: line.product_title,
        currency: update.currency,
      },
    });
  }
  return out;
}

/** The id of a change derived from a cart observation: the observation's time prefix, hashed with `part`. */
export function derivedEventId(sourceId: string, part: string): string {
  return uuidV8FromHash(sourceId.replace(/-/g, '').slice(0, 12), `${sourceId}\u0000${part}`);
}
