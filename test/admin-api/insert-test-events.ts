import { randomUUID } from 'node:crypto';
import type { Db } from '../../server/db/open-database.js';

export interface TestEvent {
  name: string;
  device: 'mobile' | 'tablet' | 'desktop' | 'unknown';
  occurredAt: number;
}

/**
 * Writes events straight into SQLite (one profile, one transaction) so admin tests do not depend on
 * the ingestion pipeline: they test what the admin reads, whatever wrote it.
 */
export function insertTestEvents(db: Db, shopId: number, events: readonly TestEvent[]): void {
  const first = events.reduce((min, e) => Math.min(min, e.occurredAt), Infinity);
  const profile = db.prepare('INSERT INTO profiles (shop_id, first_seen_at, last_seen_at, created_at) VALUES (?, ?, ?, ?)');
  const event = db.prepare(`INSERT INTO events (shop_id, event_id, name, occurred_at, received_at, profile_id, device, source)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'server')`);
  db.transaction(() => {
    const profileId = Number(profile.run(shopId, first, first, first).lastInsertRowid);
    for (const e of events) event.run(shopId, randomUUID(), e.name, e.occurredAt, e.occurredAt, profileId, e.device);
  })();
}

/** `count` copies of one event. */
export function times(count: number, event: TestEvent): TestEvent[] {
  return Array.from({ length: count }, () => ({ ...event }));
}
