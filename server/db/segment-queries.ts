import type { Db } from './open-database.js';

export interface SegmentDefinition {
  templateKey: string | null;
  name: string;
  description: string;
  query: string;
  kpi: string;
  activationChannel: string;
  activationPlan: string;
  refreshPolicy: string;
  status: 'active' | 'paused';
}

export interface SegmentRow extends SegmentDefinition {
  id: number;
  shopId: number;
  memberCount: number;
  createdAt: number;
  updatedAt: number;
  refreshedAt: number | null;
}

export interface SegmentQueries {
  list(shopId: number): SegmentRow[];
  listActive(shopId: number): SegmentRow[];
  get(shopId: number, id: number): SegmentRow | undefined;
  findByName(shopId: number, name: string): SegmentRow | undefined;
  insert(shopId: number, definition: SegmentDefinition, now: number): number;
  /** Saves a changed definition; memberships are re-evaluated by the engine (refreshed_at cleared). */
  update(shopId: number, id: number, definition: SegmentDefinition, now: number, queryChanged: boolean): void;
  delete(shopId: number, id: number): boolean;
  markRefreshed(id: number, now: number): void;
  /** Keeps live segments' refreshed_at current for shops with nothing waiting in the engine's queue. */
  heartbeatLive(now: number, olderThan: number): void;
  /** Shops with at least one active segment. */
  shopsWithSegments(): number[];
  /** Segment versions of a shop (id:updated_at...), to know when compiled queries must be rebuilt. */
  version(shopId: number): string;
}

const COLUMNS = `id, shop_id AS shopId, template_key AS templateKey, name, description, query, kpi,
  activation_channel AS activationChannel, activation_plan AS activationPlan, refresh_policy AS refreshPolicy, status,
  member_count AS memberCount, created_at AS createdAt, updated_at AS updatedAt, refreshed_at AS refreshedAt`;

export function createSegmentQueries(db: Db): SegmentQueries {
  const list = db.prepare(`SELECT ${COLUMNS} FROM segments WHERE shop_id = ? ORDER BY id`);
  const listActive = db.prepare(`SELECT ${COLUMNS} FROM segments WHERE shop_id = ? AND status = 'active' ORDER BY id`);
  const get = db.prepare(`SELECT ${COLUMNS} FROM segments WHERE shop_id = ? AND id = ?`);
  const byName = db.prepare(`SELECT ${COLUMNS} FROM segments WHERE shop_id = ? AND name = ?`);
  const insert = db.prepare(`INSERT INTO segments (shop_id, template_key, name, description, query, kpi, activation_channel,
    activation_plan, refresh_policy, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const update = db.prepare(`UPDATE segments SET name = ?, description = ?, query = ?, kpi = ?, activation_channel = ?,
    activation_plan = ?, refresh_policy = ?, status = ?, updated_at = ?,
    refreshed_at = CASE WHEN ? THEN NULL ELSE refreshed_at END WHERE shop_id = ? AND id = ?`);
  const del = db.prepare('DELETE FROM segments WHERE shop_id = ? AND id = ?');
  const markRefreshed = db.prepare('UPDATE segments SET refreshed_at = ? WHERE id = ?');
  const heartbeat = db.prepare(`UPDATE segments SET refreshed_at = ? WHERE refresh_policy = 'live' AND status = 'active'
    AND refreshed_at IS NOT NULL AND refreshed_at < ? AND shop_id NOT IN (SELECT shop_id FROM segment_dirty_profiles)`);
  const shops = db.prepare("SELECT DISTINCT shop_id FROM segments WHERE status = 'active' ORDER BY shop_id").pluck();
  const version = db.prepare("SELECT group_concat(id || ':' || updated_at || ':' || status || ':' || refresh_policy || ':' || query, char(10)) FROM (SELECT * FROM segments WHERE shop_id = ? ORDER BY id)").pluck();

  return {
    list: (shopId) => list.all(shopId) as SegmentRow[],
    listActive: (shopId) => listActive.all(shopId) as SegmentRow[],
    get: (shopId, id) => get.get(shopId, id) as SegmentRow | undefined,
    findByName: (shopId, name) => byName.get(shopId, name) as SegmentRow | undefined,
    insert: (shopId, d, now) => Number(insert.run(shopId, d.templateKey, d.name, d.description, d.query, d.kpi, d.activationChannel,
      d.activationPlan, d.refreshPolicy, d.status, now, now).lastInsertRowid),
    update(shopId, id, d, now, queryChanged) {
      update.run(d.name, d.description, d.query, d.kpi, d.activationChannel, d.activationPlan, d.refreshPolicy, d.status, now,
        queryChanged ? 1 : 0, shopId, id);
    },
    delete: (shopId, id) => del.run(shopId, id).changes > 0,
    markRefreshed: (id, now) => { markRefreshed.run(now, id); },
    heartbeatLive: (now, olderThan) => { heartbeat.run(now, olderThan); },
    shopsWithSegments: () => shops.all() as number[],
    version: (shopId) => (version.get(shopId) as string | null) ?? '',
  };
}
