import type { Db } from './open-database.js';

/** A profile's stored facts, in the shapes server/segments/traits expects (ProfileFacts). */
export interface StoredProfileFacts {
  profileId: number;
  shopId: number;
  customerId: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
  events: {
    eventId: string; name: string; occurredAt: number; sessionId: string | null;
    device: 'mobile' | 'tablet' | 'desktop' | 'unknown'; cartToken: string | null; checkoutToken: string | null;
    properties: Record<string, unknown> | null;
  }[];
  orders: {
    orderId: string; total: number | null; createdAt: number; cancelledAt: number | null; test: boolean;
    device: string; cartToken: string | null; checkoutToken: string | null; itemCount: number;
  }[];
  checkouts: {
    token: string; cartToken: string | null; total: number | null; itemCount: number; abandonedCheckoutUrl: string | null;
    createdAt: number; updatedAt: number; completedAt: number | null;
  }[];
  /** Events of the grouped names, one row per (name, session, device, UTC day): most events are views. */
  viewGroups: {
    name: string; sessionId: string | null; device: 'mobile' | 'tablet' | 'desktop' | 'unknown'; day: number;
    count: number; firstAt: number; lastAt: number;
  }[];
  customer: { emailConsentState: string | null; tags: string | null; ordersCount: number | null; totalSpent: number | null } | null;
}

export interface ProfileFactsQueries {
  /**
   * The facts of these profiles (one shop), keyed by profile id; ids that no longer exist (merged away,
   * redacted) are absent. Event properties are parsed only for `propertyEventNames`: the rest are never
   * read, and parsing 2 million JSON blobs would dominate a full recompute. Events of `groupedEventNames`
   * (views, the bulk of all events) come aggregated by SQL into viewGroups instead of one by one: turning
   * millions of rows into JavaScript objects is most of a full recompute's cost (docs/performance.md).
   */
  load(profileIds: readonly number[], propertyEventNames: readonly string[], groupedEventNames: readonly string[]): Map<number, StoredProfileFacts>;
  /** Profile ids of a shop after `afterId`, ascending, for recomputing a whole shop in chunks. */
  profileIdsAfter(shopId: number, afterId: number, limit: number): number[];
}

const IDS = '(SELECT value FROM json_each(?))';

/**
 * The names the partial index events_profile_facts leaves out (migration 013). When the engine groups
 * exactly these, the other events come through that index: the planner uses a partial index only for a
 * query whose WHERE repeats its condition, hence the literal list (constants, not input).
 */
export const FACTS_INDEX_GROUPED_NAMES: readonly string[] = ['Page_Viewed', 'Product_Viewed', 'Collection_Viewed', 'Search_Submitted'];
const NOT_GROUPED = `name NOT IN (${FACTS_INDEX_GROUPED_NAMES.map((n) => `'${n}'`).join(', ')})`;
const sameNames = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((n) => b.includes(n));

export function createProfileFactsQueries(db: Db): ProfileFactsQueries {
  const profiles = db.prepare(`SELECT id, shop_id, customer_id, first_seen_at, last_seen_at FROM profiles WHERE id IN ${IDS}`).raw();
  // Ordered by the index events_profile_time so each profile's events arrive in time order.
  const EVENT_COLUMNS = `profile_id, event_id, name, occurred_at, session_id, device, cart_token, checkout_token,
      CASE WHEN name IN ${IDS} THEN properties END`;
  const events = db.prepare(`SELECT ${EVENT_COLUMNS}
    FROM events WHERE profile_id IN ${IDS} AND name NOT IN ${IDS} ORDER BY profile_id, occurred_at, id`).raw();
  // The usual case (no segment needs a view's exact time): the index's order is the one asked for.
  const ungroupedEvents = db.prepare(`SELECT ${EVENT_COLUMNS}
    FROM events WHERE profile_id IN ${IDS} AND ${NOT_GROUPED} ORDER BY profile_id, occurred_at, id`).raw();
  const groups = db.prepare(`SELECT profile_id, name, session_id, device, occurred_at / 86400000 AS day, count(*), min(occurred_at) AS first_at, max(occurred_at)
    FROM events WHERE profile_id IN ${IDS} AND name IN ${IDS}
    GROUP BY profile_id, name, session_id, device, day ORDER BY profile_id, first_at, name, session_id, device`).raw();
  const orders = db.prepare(`SELECT profile_id, order_id, total, created_at, cancelled_at, test, device, cart_token, checkout_token, item_count
    FROM orders WHERE profile_id IN ${IDS}`).raw();
  const checkouts = db.prepare(`SELECT profile_id, token, cart_token, total, item_count, abandoned_checkout_url, created_at, updated_at, completed_at
    FROM checkouts WHERE profile_id IN ${IDS}`).raw();
  // A profile holds at most one customer id (docs/identity.md); the newest record wins if history left two.
  const customers = db.prepare(`SELECT profile_id, email_consent_state, tags, orders_count, total_spent
    FROM customers WHERE profile_id IN ${IDS} ORDER BY updated_at`).raw();
  // `+shop_id` keeps the planner on the rowid (id > ?) instead of an index on shop_id plus a sort of every
  // profile of the shop for each chunk, which made a chunked pass quadratic.
  const idsAfter = db.prepare('SELECT id FROM profiles WHERE +shop_id = ? AND id > ? ORDER BY id LIMIT ?').pluck();

  return {
    load(profileIds, propertyEventNames, groupedEventNames) {
      const ids = JSON.stringify(profileIds);
      const grouped = JSON.stringify(groupedEventNames);
      const out = new Map<number, StoredProfileFacts>();
      for (const [id, shopId, customerId, first, last] of profiles.all(ids) as [number, number, string | null, number, number][]) {
        out.set(id, { profileId: id, shopId, customerId, firstSeenAt: first, lastSeenAt: last, events: [], viewGroups: [], orders: [], checkouts: [], customer: null });
      }
      const eventRows = sameNames(groupedEventNames, FACTS_INDEX_GROUPED_NAMES)
        ? ungroupedEvents.all(JSON.stringify(propertyEventNames), ids) : events.all(JSON.stringify(propertyEventNames), ids, grouped);
      for (const r of eventRows as unknown[][]) {
        out.get(r[0] as number)?.events.push({
          eventId: r[1] as string, name: r[2] as string, occurredAt: r[3] as number, sessionId: r[4] as string | null,
          device: r[5] as StoredProfileFacts['events'][number]['device'], cartToken: r[6] as string | null, checkoutToken: r[7] as string | null,
          properties: r[8] === null ? null : (JSON.parse(r[8] as string) as Record<string, unknown>),
        });
      }
      for (const r of groups.all(ids, grouped) as unknown[][]) {
        out.get(r[0] as number)?.viewGroups.push({
          name: r[1] as string, sessionId: r[2] as string | null, device: r[3] as StoredProfileFacts['viewGroups'][number]['device'],
          day: r[4] as number, count: r[5] as number, firstAt: r[6] as number, lastAt: r[7] as number,
        });
      }
      for (const r of orders.all(ids) as unknown[][]) {
        out.get(r[0] as number)?.orders.push({
          orderId: r[1] as string, total: r[2] as number | null, createdAt: r[3] as number, cancelledAt: r[4] as number | null,
          test: r[5] === 1, device: r[6] as string, cartToken: r[7] as string | null, checkoutToken: r[8] as string | null, itemCount: r[9] as number,
        });
      }
      for (const r of checkouts.all(ids) as unknown[][]) {
        out.get(r[0] as number)?.checkouts.push({
          token: r[1] as string, cartToken: r[2] as string | null, total: r[3] as number | null, itemCount: r[4] as number,
          abandonedCheckoutUrl: r[5] as string | null, createdAt: r[6] as number, updatedAt: r[7] as number, completedAt: r[8] as number | null,
        });
      }
      for (const r of customers.all(ids) as unknown[][]) {
        const facts = out.get(r[0] as number);
        if (facts) facts.customer = { emailConsentState: r[1] as string | null, tags: r[2] as string | null, ordersCount: r[3] as number | null, totalSpent: r[4] as number | null };
      }
      return out;
    },
    profileIdsAfter: (shopId, afterId, limit) => idsAfter.all(shopId, afterId, limit) as number[],
  };
}
