import type { Db } from './open-database.js';

export interface TaxonomyViolation {
  name: string;
  count: number;
  firstSeenAt: number;
  lastSeenAt: number;
}

export interface IngestTaxonomyQueries {
  /** Counts a rejected event name; new names stop being added once the shop has `maxNames` of them. */
  record(shopId: number, name: string, count: number, at: number): void;
  /** The shop's violations, most frequent first. */
  list(shopId: number, limit: number): TaxonomyViolation[];
}

// Names are client input: the cap keeps one noisy (or hostile) storefront from filling the table.
export function createIngestTaxonomyQueries(db: Db, maxNames = 500): IngestTaxonomyQueries {
  const bump = db.prepare(`UPDATE taxonomy_violations SET count = count + ?, last_seen_at = MAX(last_seen_at, ?)
    WHERE shop_id = ? AND name = ?`);
  const insert = db.prepare(`INSERT INTO taxonomy_violations (shop_id, name, count, first_seen_at, last_seen_at)
    SELECT ?, ?, ?, ?, ? WHERE (SELECT COUNT(*) FROM taxonomy_violations WHERE shop_id = ?) < ?`);
  const list = db.prepare(`SELECT name, count, first_seen_at AS firstSeenAt, last_seen_at AS lastSeenAt
    FROM taxonomy_violations WHERE shop_id = ? ORDER BY count DESC, name LIMIT ?`);
  return {
    record(shopId, name, count, at) {
      if (bump.run(count, at, shopId, name).changes === 0) insert.run(shopId, name, count, at, at, shopId, maxNames);
    },
    list: (shopId, limit) => list.all(shopId, limit) as TaxonomyViolation[],
  };
}
