import type { Db } from './open-database.js';

export interface EventCountRow {
  name: string;
  device: string;
  count: number;
}

export interface IngestCounterRow {
  reason: string;
  count: number;
}

export interface TaxonomyViolationRow {
  name: string;
  count: number;
  firstSeenAt: number;
  lastSeenAt: number;
}

export interface OverviewQueries {
  /** Events of one shop that occurred at or after `since`, counted by name and device class. */
  eventCountsSince(shopId: number, since: number): EventCountRow[];
  /** Ingestion counters of one shop summed over the UTC days `fromDay`..`toDay` (YYYY-MM-DD, inclusive). */
  ingestCounters(shopId: number, fromDay: string, toDay: string): IngestCounterRow[];
  /** Rejected event names, most frequent first. */
  taxonomyViolations(shopId: number, limit: number): TaxonomyViolationRow[];
  totalProfiles(shopId: number): number;
  totalEvents(shopId: number): number;
}

/**
 * A range scan on events_shop_time(shop_id, occurred_at), so the cost follows the events in the window,
 * not the shop's history (test/admin-api asserts the plan). No upper bound: events from client clocks
 * running a little ahead of ours belong to "now", not to nowhere.
 */
export const EVENT_COUNTS_SINCE_SQL = `
  SELECT name, device, COUNT(*) AS count
  FROM events
  WHERE shop_id = ? AND occurred_at >= ?
  GROUP BY name, device`;

// Reads only: every statement is bound to one shop id, so a caller cannot mix shops by accident.
export function createOverviewQueries(db: Db): OverviewQueries {
  const eventCounts = db.prepare(EVENT_COUNTS_SINCE_SQL);
  const counters = db.prepare(`
    SELECT reason, SUM(count) AS count
    FROM ingest_counters
    WHERE shop_id = ? AND day >= ? AND day <= ?
    GROUP BY reason`);
  const violations = db.prepare(`
    SELECT name, count, first_seen_at AS firstSeenAt, last_seen_at AS lastSeenAt
    FROM taxonomy_violations
    WHERE shop_id = ?
    ORDER BY count DESC, name ASC
    LIMIT ?`);
  const profiles = db.prepare('SELECT COUNT(*) FROM profiles WHERE shop_id = ?').pluck();
  const events = db.prepare('SELECT COUNT(*) FROM events WHERE shop_id = ?').pluck();
  return {
    eventCountsSince: (shopId, since) => eventCounts.all(shopId, since) as EventCountRow[],
    ingestCounters: (shopId, fromDay, toDay) => counters.all(shopId, fromDay, toDay) as IngestCounterRow[],
    taxonomyViolations: (shopId, limit) => violations.all(shopId, limit) as TaxonomyViolationRow[],
    totalProfiles: (shopId) => profiles.get(shopId) as number,
    totalEvents: (shopId) => events.get(shopId) as number,
  };
}
