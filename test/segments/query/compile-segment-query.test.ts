import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSegmentQuery } from '../../../server/segments/query/compile-segment-query.js';
import { evaluateSegmentQuery } from '../../../server/segments/query/evaluate-segment-query.js';
import { parseSegmentQuery } from '../../../server/segments/query/parse-segment-query.js';
import { NEW_SEGMENT_SHOPPER, type SegmentShopper } from '../../../server/segments/query/segment-shopper.js';
import { openSegmentQueryTestDb, type SegmentQueryTestDb } from './segment-query-test-db.js';

const NOW = Date.parse('2025-06-15T12:00:00Z');
const HOSTILE = "x' OR 1=1 --";

const shoppers: Record<string, SegmentShopper> = {
  hostile: {
    ...NEW_SEGMENT_SHOPPER, customerTags: ["X' OR 1=1 --"], sessions: 4, primaryDevice: 'MOBILE', funnelStage: 'CARTING', frictionScore: 7,
    cartAbandonedAt: Date.parse('2025-06-14T08:00:00Z'), cartAbandonedValue: 59.9, cartAbandonedDevice: 'MOBILE', rfmRecencyScore: 5,
    events: [{ name: 'Search_Submitted', occurredAt: Date.parse('2025-06-14T08:00:00Z'), properties: { query: HOSTILE } }],
  },
  plain: { ...NEW_SEGMENT_SHOPPER, customerTags: ['vip'], sessions: 1, primaryDevice: 'DESKTOP', averageOrderValue: 40, meanDaysBetweenOrders: 12.5 },
  empty: { ...NEW_SEGMENT_SHOPPER, rfmGroup: 'PROSPECTS' },
};

describe('compileSegmentQuery', () => {
  let store: SegmentQueryTestDb;
  const ids = new Map<number, string>();
  const both = (query: string) => {
    const ast = parseSegmentQuery(query);
    const inJs = Object.entries(shoppers).filter(([, s]) => evaluateSegmentQuery(ast, s, NOW)).map(([name]) => name);
    const inSql = store.matching(compileSegmentQuery(ast, NOW)).map((id) => ids.get(id));
    expect(inSql, query).toEqual(inJs);
    return inJs;
  };
  beforeAll(() => {
    store = openSegmentQueryTestDb();
    for (const [name, shopper] of Object.entries(shoppers)) ids.set(store.insert(shopper), name);
  });
  afterAll(() => store.close());

  it('binds every value the merchant wrote and never puts it in the SQL text', () => {
    const query = `customer_tags CONTAINS '${HOSTILE.replace("'", "\\'")}' OR shopper_events MATCHES (name = 'Search_Submitted', query = '${HOSTILE.replace("'", "\\'")}')`;
    const compiled = compileSegmentQuery(parseSegmentQuery(query), NOW);
    expect(compiled.sql).not.toContain('1=1');
    expect(compiled.sql).not.toContain('Search_Submitted');
    expect(compiled.params).toEqual([HOSTILE.toLowerCase(), 'Search_Submitted', HOSTILE]);
    // Matched literally (tags without regard to case), and nobody else.
    expect(both(`customer_tags CONTAINS '${HOSTILE.replace("'", "\\'")}'`)).toEqual(['hostile']);
    expect(both(`shopper_events MATCHES (name = 'Search_Submitted', query = '${HOSTILE.replace("'", "\\'")}')`)).toEqual(['hostile']);
    expect(both(`shopper_events MATCHES (name = 'Search_Submitted', query = 'x')`)).toEqual([]);
  });

  it('writes only ? placeholders, one per parameter', () => {
    const compiled = compileSegmentQuery(parseSegmentQuery(
      "amount_spent BETWEEN 1 AND 2 OR last_order_date != -7d OR shopper_events MATCHES (name = 'Product_Viewed', price > 3, date >= -30d, count >= 3)",
    ), NOW);
    expect(compiled.sql.split('?').length - 1).toBe(compiled.params.length);
    expect(compiled.sql).not.toMatch(/[:@$]\w|\?\d/);
  });

  it.each<[string, string[]]>([
    ['sessions >= 2', ['hostile']],
    ["primary_device = 'MOBILE'", ['hostile']],
    ["primary_device != 'MOBILE'", ['plain', 'empty']],
    ["funnel_stage = 'BROWSING'", ['plain', 'empty']],
    ["cart_abandoned_device = 'MOBILE'", ['hostile']],
    ["cart_abandoned_device != 'MOBILE'", ['plain', 'empty']],
    ['cart_abandoned_date = yesterday AND cart_abandoned_value > 50', ['hostile']],
    ['average_order_value < 100', ['plain']],
    ['average_order_value != 40', ['hostile', 'empty']],
    ['NOT average_order_value = 40', ['hostile', 'empty']],
    ['NOT (average_order_value > 1 OR mean_days_between_orders BETWEEN 1 AND 20)', ['hostile', 'empty']],
    ['rfm_recency_score = 5 OR friction_score > 5', ['hostile']],
    ['NOT rfm_recency_score <= 4', ['hostile', 'plain', 'empty']],
    ['first_seen_date > -1y', []],
    ['NOT last_seen_date > -1y', ['hostile', 'plain', 'empty']],
  ])('%s (missing values as in the evaluator)', (query, expected) => {
    expect(both(query)).toEqual(expected);
  });

  it('reads events through the index events_profile_time for the profile and its date window', () => {
    const { sql, params } = compileSegmentQuery(parseSegmentQuery(
      "shopper_events MATCHES (name = 'Product_Viewed', date >= -7d, count >= 3) AND shopper_events MATCHES (name = 'Checkout_Started', not_followed_by = 'Checkout_Completed', within = 1h)",
    ), NOW);
    const plan = (store.db.prepare(`EXPLAIN QUERY PLAN SELECT t.profile_id FROM profile_traits t WHERE t.shop_id = ? AND (${sql})`)
      .all(store.shopId, ...params) as { detail: string }[]).map((row) => row.detail);
    expect(plan.filter((detail) => /^SCAN (e|f)\b/.test(detail))).toEqual([]);
    const lookups = plan.filter((detail) => /^SEARCH (e|f)\b/.test(detail));
    expect(lookups).toHaveLength(3);
    for (const detail of lookups) expect(detail).toMatch(/USING (COVERING )?INDEX events_profile_time \(profile_id=\? AND occurred_at/);
  });
});
