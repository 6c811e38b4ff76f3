import type { Db } from './open-database.js';

export interface SegmentEngineStateQueries {
  get(shopId: number): { rfmScoredAt: number | null; timeDependence: string | null };
  setRfmScoredAt(shopId: number, at: number): void;
  setTimeDependence(shopId: number, json: string): void;
  /** Queues every profile of the shop for a recompute of its traits and memberships. */
  queueWholeShop(shopId: number): number;
  shopDomain(shopId: number): string | undefined;
}

export function createSegmentEngineStateQueries(db: Db): SegmentEngineStateQueries {
  const get = db.prepare('SELECT rfm_scored_at AS rfmScoredAt, time_dependence AS timeDependence FROM segment_engine_state WHERE shop_id = ?');
  const setRfm = db.prepare(`INSERT INTO segment_engine_state (shop_id, rfm_scored_at) VALUES (?, ?)
    ON CONFLICT (shop_id) DO UPDATE SET rfm_scored_at = excluded.rfm_scored_at`);
  const setTd = db.prepare(`INSERT INTO segment_engine_state (shop_id, time_dependence) VALUES (?, ?)
    ON CONFLICT (shop_id) DO UPDATE SET time_dependence = excluded.time_dependence`);
  const queueAll = db.prepare('INSERT OR IGNORE INTO segment_dirty_profiles (profile_id, shop_id) SELECT id, shop_id FROM profiles WHERE shop_id = ?');
  const domain = db.prepare('SELECT domain FROM shops WHERE id = ?').pluck();
  return {
    get: (shopId) => (get.get(shopId) as { rfmScoredAt: number | null; timeDependence: string | null } | undefined) ?? { rfmScoredAt: null, timeDependence: null },
    setRfmScoredAt: (shopId, at) => { setRfm.run(shopId, at); },
    setTimeDependence: (shopId, json) => { setTd.run(shopId, json); },
    queueWholeShop: (shopId) => queueAll.run(shopId).changes,
    shopDomain: (shopId) => domain.get(shopId) as string | undefined,
  };
}
