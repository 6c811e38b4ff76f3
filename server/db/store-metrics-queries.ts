import type { Db } from './open-database.js';

/** Sessions of one first-event device in a window, and how many reached each step. */
export interface SessionStatsRow {
  device: string;
  sessions: number;
  viewed: number;
  carted: number;
  checkoutStarted: number;
  purchased: number;
  /** Sessions with a cart add and no completed checkout. */
  cartAbandoned: number;
}

export interface StoreMetricsQueries {
  sessionStats(shopId: number, since: number): SessionStatsRow[];
  /** Checkout_Abandoned events since `since`, and how many of them the same shopper later completed. */
  checkoutRecovery(shopId: number, since: number): { abandoned: number; recovered: number };
  /** The newest event of these sources at or after `since` (bounded so a shop without any never scans its history). */
  lastEventAt(shopId: number, sources: readonly string[], since: number): number | null;
  eventsSince(shopId: number, since: number): number;
}

/**
 * One grouped pass over the window (a range scan on events_shop_time): sessions by session_id, each
 * session's device the device of its first event (SQLite gives a bare column the values of the row that
 * holds the single min()), then sessions per device. Events without a session (server-derived) are not sessions.
 */
export const SESSION_STATS_SQL = `
  SELECT device, count(*) AS sessions, sum(viewed > 0) AS viewed, sum(carted > 0) AS carted,
    sum(started > 0) AS checkoutStarted, sum(purchased > 0) AS purchased, sum(carted > 0 AND purchased = 0) AS cartAbandoned
  FROM (
    SELECT min(occurred_at) AS first_at, device,
      total(name = 'Product_Viewed') AS viewed, total(name = 'Cart_ItemAdded') AS carted,
      total(name = 'Checkout_Started') AS started, total(name = 'Checkout_Completed') AS purchased
    FROM events WHERE shop_id = ? AND occurred_at >= ? AND session_id IS NOT NULL
    GROUP BY session_id
  )
  GROUP BY device`;

// A checkout token is an identifier, so every event carrying it belongs to one profile: "the same
// profile later completed or placed an order" covers the token and the shopper who came back another way.
const RECOVERY_SQL = `
  SELECT count(*) AS abandoned, coalesce(sum(EXISTS (
      SELECT 1 FROM events c WHERE c.profile_id = a.profile_id AND c.occurred_at > a.occurred_at
        AND c.name IN ('Checkout_Completed', 'Order_Placed'))), 0) AS recovered
  FROM events a WHERE a.shop_id = ? AND a.occurred_at >= ? AND a.name = 'Checkout_Abandoned'`;

export function createStoreMetricsQueries(db: Db): StoreMetricsQueries {
  const sessions = db.prepare(SESSION_STATS_SQL);
  const recovery = db.prepare(RECOVERY_SQL);
  const last = db.prepare('SELECT occurred_at FROM events WHERE shop_id = ? AND occurred_at >= ? AND source IN (SELECT value FROM json_each(?)) ORDER BY occurred_at DESC LIMIT 1').pluck();
  // The literal `source = 'pixel'` lets SQLite use the partial index (migration 010).
  const lastPixel = db.prepare("SELECT max(occurred_at) FROM events WHERE shop_id = ? AND occurred_at >= ? AND source = 'pixel'").pluck();
  const since = db.prepare('SELECT count(*) FROM events WHERE shop_id = ? AND occurred_at >= ?').pluck();
  return {
    sessionStats: (shopId, from) => sessions.all(shopId, from) as SessionStatsRow[],
    checkoutRecovery: (shopId, from) => recovery.get(shopId, from) as { abandoned: number; recovered: number },
    lastEventAt: (shopId, sources, from) => (sources.length === 1 && sources[0] === 'pixel'
      ? (lastPixel.get(shopId, from) as number | null)
      : (last.get(shopId, from, JSON.stringify(sources)) as number | undefined) ?? null),
    eventsSince: (shopId, from) => since.get(shopId, from) as number,
  };
}
