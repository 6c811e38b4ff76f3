import type { Db } from './open-database.js';
import type { StoredEvent } from '../ingest/stored-event.js';

export interface EventQueries {
  /** Whether this shop already stored an event with this client-generated id. */
  exists(shopId: number, eventId: string): boolean;
  insert(shopId: number, profileId: number, event: StoredEvent): void;
  /** Stores the event unless the shop has one with its id (one index probe, not a look-up and an insert). */
  insertIfNew(shopId: number, profileId: number, event: StoredEvent): boolean;
}

const bool = (v: boolean | null) => (v === null ? null : v ? 1 : 0);

/** Prepared once; callers run them inside their own transaction (the ingest writer batches many). */
export function createEventQueries(db: Db): EventQueries {
  const exists = db.prepare('SELECT 1 FROM events WHERE shop_id = ? AND event_id = ?').pluck();
  const INSERT = `INSERT INTO events (
      shop_id, event_id, name, occurred_at, received_at, time_flagged, profile_id, visitor_id, session_id,
      cart_token, checkout_token, device, os, browser, page_path, referrer_host, properties,
      consent_marketing, consent_sale_of_data, gpc, source
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const insert = db.prepare(INSERT);
  const insertIfNew = db.prepare(`${INSERT} ON CONFLICT (shop_id, event_id) DO NOTHING`);
  const values = (shopId: number, profileId: number, e: StoredEvent) => [
    shopId, e.eventId, e.name, e.occurredAt, e.receivedAt, e.timeFlagged ? 1 : 0, profileId, e.visitorId, e.sessionId,
    e.cartToken, e.checkoutToken, e.device, e.os, e.browser, e.pagePath, e.referrerHost, JSON.stringify(e.properties),
    bool(e.consent.marketing), bool(e.consent.saleOfData), e.consent.gpc ? 1 : 0, e.source,
  ];
  return {
    exists: (shopId, eventId) => exists.get(shopId, eventId) !== undefined,
    insert(shopId, profileId, e) { insert.run(values(shopId, profileId, e)); },
    insertIfNew: (shopId, profileId, e) => insertIfNew.run(values(shopId, profileId, e)).changes > 0,
  };
}
