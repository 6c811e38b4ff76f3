import { createHash } from 'node:crypto';
import type { ShopifyCartLine } from './property-fields.js';

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

/**
 * A UUID for an event derived from another: the source id's first 48 bits (its time, for a UUIDv7) and
 * version 8 with bits hashed from the source id and `part`. Deterministic, so retries deduplicate.
 */
export function derivedEventId(sourceId: string, part: string): string {
  const hash = createHash('sha256').update(`${sourceId}\u0000${part}`).digest('hex');
  const hex = sourceId.replace(/-/g, '').slice(0, 12) + '8' + hash.slice(0, 3) + ((parseInt(hash[3]!, 16) & 3) | 8).toString(16) + hash.slice(4, 19);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
