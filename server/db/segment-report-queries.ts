import type { Db } from './open-database.js';
import { createStatementCache } from './create-statement-cache.js';

export interface KpiAggregates {
  members: number;
  buyers: number;
  repeatBuyers: number;
  recentBuyers: number;
  orders: number;
  revenue: number;
  entered: number;
  recovered: number;
}

export interface MemberRow {
  profileId: number;
  customerId: string | null;
  email: string | null;
  enteredAt: number;
  traits: Record<string, unknown>;
}

export interface SegmentReportQueries {
  /** Sums over current members, and over profiles that entered since `since` (recovery). */
  kpiAggregates(segmentId: number, since: number): KpiAggregates;
  /** Members after a profile id, ascending (cursor pagination stays stable while members come and go). */
  members(segmentId: number, afterProfileId: number, limit: number): MemberRow[];
  /** The same, among profiles whose email starts with `search.emailPrefix`, or with this customer id or profile id. */
  searchMembers(segmentId: number, shopId: number, search: MemberSearch, afterProfileId: number, limit: number): MemberRow[];
  /**
   * The KPI sums over every profile of the shop with traits (the baseline a segment is compared with);
   * "entered" there is first seen since `since`, "recovered" ordered after that first visit.
   */
  shopKpiAggregates(shopId: number, since: number): KpiAggregates;
  history(segmentId: number, fromDay: string): { day: string; size: number; entered: number; exited: number }[];
  /** Size on the last recorded day before `day` (history fills days without changes forward). */
  sizeBefore(segmentId: number, day: string): number | undefined;
  count(shopId: number, where: { sql: string; params: readonly unknown[] }): number;
  sample(shopId: number, where: { sql: string; params: readonly unknown[] }, limit: number): MemberRow[];
  profile(shopId: number, profileId: number): MemberRow | undefined;
  segmentIdsOf(profileId: number): number[];
}

export interface MemberSearch {
  /** Lower-cased (identifiers hold emails lower-cased). */
  emailPrefix: string;
  customerId: string;
  profileId: number | null;
}

// The newest email a profile was seen with: emails live only in identifiers (docs/identity.md).
const EMAIL = `(SELECT value FROM identifiers i WHERE i.profile_id = t.profile_id AND i.kind = 'email' ORDER BY i.first_seen_at DESC LIMIT 1)`;

const toMember = (row: Record<string, unknown>): MemberRow => {
  const { profile_id, customer_id, email, entered_at, ...traits } = row;
  return { profileId: profile_id as number, customerId: customer_id as string | null, email: email as string | null, enteredAt: entered_at as number, traits };
};

export function createSegmentReportQueries(db: Db): SegmentReportQueries {
  const kpi = db.prepare(`SELECT count(*) AS members,
      coalesce(sum(t.number_of_orders > 0), 0) AS buyers, coalesce(sum(t.number_of_orders >= 2), 0) AS repeatBuyers,
      coalesce(sum(t.last_order_at >= ?), 0) AS recentBuyers, coalesce(sum(t.number_of_orders), 0) AS orders,
      coalesce(sum(t.amount_spent), 0) AS revenue
    FROM segment_members m JOIN profile_traits t ON t.profile_id = m.profile_id WHERE m.segment_id = ?`);
  // Recovered: entered in the window and ordered after entering (now a member or not).
  const recovery = db.prepare(`SELECT count(*) AS entered, coalesce(sum(t.last_order_at > e.first_entry), 0) AS recovered
    FROM (SELECT profile_id, min(at) AS first_entry FROM segment_membership_log WHERE segment_id = ? AND change = 'enter' AND at >= ? GROUP BY profile_id) e
    LEFT JOIN profile_traits t ON t.profile_id = e.profile_id`);
  const members = db.prepare(`SELECT t.*, m.entered_at, ${EMAIL} AS email FROM segment_members m
    JOIN profile_traits t ON t.profile_id = m.profile_id WHERE m.segment_id = ? AND m.profile_id > ? ORDER BY m.profile_id LIMIT ?`);
  // Email prefix as a range on the identifiers primary key (shop_id, kind, value): no scan of the shop's identifiers.
  const search = db.prepare(`SELECT t.*, m.entered_at, ${EMAIL} AS email FROM segment_members m
    JOIN profile_traits t ON t.profile_id = m.profile_id WHERE m.segment_id = ? AND m.profile_id > ? AND m.profile_id IN (
      SELECT profile_id FROM identifiers WHERE shop_id = @shop AND kind = 'email' AND value >= @prefix AND value < @prefixEnd
      UNION SELECT id FROM profiles WHERE shop_id = @shop AND customer_id = @customer
      UNION SELECT id FROM profiles WHERE shop_id = @shop AND id = @profile)
    ORDER BY m.profile_id LIMIT ?`);
  const shopKpi = db.prepare(`SELECT count(*) AS members,
      coalesce(sum(t.number_of_orders > 0), 0) AS buyers, coalesce(sum(t.number_of_orders >= 2), 0) AS repeatBuyers,
      coalesce(sum(t.last_order_at >= @since), 0) AS recentBuyers, coalesce(sum(t.number_of_orders), 0) AS orders,
      coalesce(sum(t.amount_spent), 0) AS revenue, coalesce(sum(t.first_seen_at >= @since), 0) AS entered,
      coalesce(sum(t.first_seen_at >= @since AND t.last_order_at > t.first_seen_at), 0) AS recovered
    FROM profile_traits t WHERE t.shop_id = @shop`);
  const history = db.prepare('SELECT day, size, entered, exited FROM segment_size_history WHERE segment_id = ? AND day >= ? ORDER BY day');
  const sizeBefore = db.prepare('SELECT size FROM segment_size_history WHERE segment_id = ? AND day < ? ORDER BY day DESC LIMIT 1').pluck();
  const profile = db.prepare(`SELECT t.*, NULL AS entered_at, ${EMAIL} AS email FROM profile_traits t WHERE t.shop_id = ? AND t.profile_id = ?`);
  const segmentIdsOf = db.prepare('SELECT segment_id FROM segment_members WHERE profile_id = ? ORDER BY segment_id').pluck();
  const prepare = createStatementCache(db, 200);

  return {
    kpiAggregates(segmentId, since) {
      const a = kpi.get(since, segmentId) as Omit<KpiAggregates, 'entered' | 'recovered'>;
      const r = recovery.get(segmentId, since) as { entered: number; recovered: number };
      return { ...a, ...r };
    },
    members: (segmentId, after, limit) => (members.all(segmentId, after, limit) as Record<string, unknown>[]).map(toMember),
    searchMembers: (segmentId, shopId, q, after, limit) => (search.all(segmentId, after, limit, {
      shop: shopId, prefix: q.emailPrefix, prefixEnd: `${q.emailPrefix}\u{10FFFF}`, customer: q.customerId, profile: q.profileId,
    }) as Record<string, unknown>[]).map(toMember),
    shopKpiAggregates: (shopId, since) => shopKpi.get({ shop: shopId, since }) as KpiAggregates,
    history: (segmentId, fromDay) => history.all(segmentId, fromDay) as { day: string; size: number; entered: number; exited: number }[],
    sizeBefore: (segmentId, day) => sizeBefore.get(segmentId, day) as number | undefined,
    count: (shopId, where) => prepare(`SELECT count(*) FROM profile_traits t WHERE t.shop_id = ? AND (${where.sql})`).pluck().get(...[shopId, ...where.params]) as number,
    sample: (shopId, where, limit) => (prepare(`SELECT t.*, NULL AS entered_at, ${EMAIL} AS email FROM profile_traits t
      WHERE t.shop_id = ? AND (${where.sql}) ORDER BY t.last_seen_at DESC LIMIT ?`).all(...[shopId, ...where.params, limit]) as Record<string, unknown>[]).map(toMember),
    segmentIdsOf: (profileId) => segmentIdsOf.all(profileId) as number[],
    profile: (shopId, profileId) => { const row = profile.get(shopId, profileId) as Record<string, unknown> | undefined; return row && toMember(row); },
  };
}
