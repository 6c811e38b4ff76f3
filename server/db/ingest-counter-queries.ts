import type { Db } from './open-database.js';

/** Why an event was or was not stored; one counter per shop, UTC day and reason. */
export type IngestCounterReason = 'accepted' | 'duplicate' | 'no_consent' | 'bot' | 'invalid' | 'rate_limited';

export interface IngestCounterQueries {
  /** Adds `count` to the shop's counter for `day` (YYYY-MM-DD, UTC). */
  add(shopId: number, day: string, reason: IngestCounterReason, count: number): void;
  /** Per shop and reason, the totals over days >= `sinceDay`. */
  totals(shopId: number, sinceDay: string): Partial<Record<IngestCounterReason, number>>;
}

export function createIngestCounterQueries(db: Db): IngestCounterQueries {
  const add = db.prepare(`INSERT INTO ingest_counters (shop_id, day, reason, count) VALUES (?, ?, ?, ?)
    ON CONFLICT (shop_id, day, reason) DO UPDATE SET count = count + excluded.count`);
  const totals = db.prepare('SELECT reason, SUM(count) AS count FROM ingest_counters WHERE shop_id = ? AND day >= ? GROUP BY reason');
  return {
    add: (shopId, day, reason, count) => void add.run(shopId, day, reason, count),
    totals(shopId, sinceDay) {
      const rows = totals.all(shopId, sinceDay) as Array<{ reason: IngestCounterReason; count: number }>;
      return Object.fromEntries(rows.map((r) => [r.reason, r.count]));
    },
  };
}
