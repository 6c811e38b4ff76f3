import type { Db } from './open-database.js';

export interface ProfileEventRow {
  rowId: number;
  eventId: string;
  name: string;
  occurredAt: number;
  device: string;
  source: string;
  pagePath: string | null;
  properties: string;
}

export interface ProfileEventsQueries {
  exists(shopId: number, profileId: number): boolean;
  /** The profile's events newest first, strictly before (occurredAt, rowId) when given (events_profile_time). */
  page(profileId: number, before: { occurredAt: number; rowId: number } | null, limit: number): ProfileEventRow[];
}

export function createProfileEventsQueries(db: Db): ProfileEventsQueries {
  const exists = db.prepare('SELECT 1 FROM profiles WHERE id = ? AND shop_id = ?').pluck();
  const columns = `id AS rowId, event_id AS eventId, name, occurred_at AS occurredAt, device, source, page_path AS pagePath, properties`;
  const first = db.prepare(`SELECT ${columns} FROM events WHERE profile_id = ? ORDER BY occurred_at DESC, id DESC LIMIT ?`);
  const after = db.prepare(`SELECT ${columns} FROM events WHERE profile_id = ? AND occurred_at <= ? AND (occurred_at < ? OR id < ?)
    ORDER BY occurred_at DESC, id DESC LIMIT ?`);
  return {
    exists: (shopId, profileId) => exists.get(profileId, shopId) === 1,
    page: (profileId, before, limit) => (before === null
      ? first.all(profileId, limit)
      : after.all(profileId, before.occurredAt, before.occurredAt, before.rowId, limit)) as ProfileEventRow[],
  };
}
