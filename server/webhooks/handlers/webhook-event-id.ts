import { uuidV8FromHash } from '../../ingest/uuid-v8-from-hash.js';

/**
 * The event id of an event the app derives from a Shopify record (Order_Placed of order 123...): a
 * UUIDv8 whose first 48 bits are the event time, like the UUIDv7 ids clients send, and whose other bits
 * hash the shop, the record and the kind. Deterministic, so every delivery of the same fact, whatever
 * the topic or the retry, names the same event and the events table stores it once.
 */
export function webhookEventId(occurredAt: number, shopDomain: string, key: string): string {
  const time = Math.max(0, Math.min(occurredAt, 0xffffffffffff)).toString(16).padStart(12, '0');
  return uuidV8FromHash(time, `${shopDomain}\u0000${key}`);
}
