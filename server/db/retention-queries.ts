import type { Db } from './open-database.js';

export interface RetentionQueries {
  /** Every shop with its own retention (null: the app's default). */
  shops(): { shopId: number; retentionDays: number | null }[];
  /**
   * Deletes up to `limit` of the shop's events that occurred before `before`, oldest first, in one
   * transaction, and queues their profiles for a recompute (their traits were computed from those events).
   * Returns the number deleted: fewer than `limit` means nothing older is left.
   */
  deleteBatch(shopId: number, before: number, limit: number): number;
}

export function createRetentionQueries(db: Db): RetentionQueries {
  const shops = db.prepare(`SELECT s.id AS shopId, st.data_retention_days AS retentionDays
    FROM shops s LEFT JOIN shop_settings st ON st.shop_id = s.id ORDER BY s.id`);
  // A range on events_shop_time: the cost follows the rows deleted, not the shop's history.
  const oldest = db.prepare('SELECT id, profile_id FROM events WHERE shop_id = ? AND occurred_at < ? ORDER BY occurred_at LIMIT ?').raw();
  const queue = db.prepare(`INSERT OR IGNORE INTO segment_dirty_profiles (profile_id, shop_id)
    SELECT DISTINCT value, ? FROM json_each(?)`);
  const remove = db.prepare('DELETE FROM events WHERE id IN (SELECT value FROM json_each(?))');
  const batch = db.transaction((shopId: number, before: number, limit: number) => {
    const rows = oldest.all(shopId, before, limit) as [number, number][];
    if (rows.length === 0) return 0;
    remove.run(JSON.stringify(rows.map((r) => r[0])));
    queue.run(shopId, JSON.stringify(rows.map((r) => r[1])));
    return rows.length;
  });
  return {
    shops: () => shops.all() as { shopId: number; retentionDays: number | null }[],
    deleteBatch: (shopId, before, limit) => batch.immediate(shopId, before, limit),
  };
}
