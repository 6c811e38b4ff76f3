import { createHash } from 'node:crypto';

/**
 * The event id of an event the app derives from a Shopify record (Order_Placed of order 123...): a
 * UUIDv8 whose first 48 bits are the event time, like the UUIDv7 ids clients send, and whose other bits
 * hash the shop, the record and the kind. Deterministic, so every delivery of the same fact, whatever
 * the topic or the retry, names the same event and the events table stores it once.
 */
export function webhookEventId(occurredAt: number, shopDomain: string, key: string): string {
  const hash = createHash('sha256').update(`${shopDomain}\u0000${key}`).digest('hex');
  const time = Math.max(0, Math.min(occurredAt, 0xffffffffffff)).toString(16).padStart(12, '0');
  const variant = ((parseInt(hash[3]!, 16) & 3) | 8).toString(16);
  const hex = time + '8' + hash.slice(0, 3) + variant + hash.slice(4, 19);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
