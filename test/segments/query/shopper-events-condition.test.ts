import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSegmentQuery } from '../../../server/segments/query/compile-segment-query.js';
import { evaluateSegmentQuery } from '../../../server/segments/query/evaluate-segment-query.js';
import { parseSegmentQuery } from '../../../server/segments/query/parse-segment-query.js';
import { NEW_SEGMENT_SHOPPER, type SegmentShopper, type SegmentShopperEvent } from '../../../server/segments/query/segment-shopper.js';
import { openSegmentQueryTestDb, type SegmentQueryTestDb } from './segment-query-test-db.js';

const NOW = Date.parse('2025-06-15T12:00:00Z');
const at = (iso: string) => Date.parse(iso);
const event = (name: string, iso: string, properties: Record<string, unknown> = {}): SegmentShopperEvent => ({ name, occurredAt: at(iso), properties });
const views = (count: number, iso: string, productId = '7982301') => Array.from({ length: count }, () => event('Product_Viewed', iso, { productId, price: 25 }));

const shoppers: Record<string, SegmentShopper> = {
  browser: { ...NEW_SEGMENT_SHOPPER, events: [...views(3, '2025-06-10T09:00:00Z'), ...views(2, '2025-05-01T09:00:00Z', '42')] },
  carter: {
    ...NEW_SEGMENT_SHOPPER,
    events: [...views(1, '2025-06-14T09:00:00Z'), event('Cart_ItemAdded', '2025-06-14T09:05:00Z', { productId: '7982301', quantity: 2 })],
  },
  // Started a checkout 2 h ago and never completed: past the 1 h wait.
  abandoner: { ...NEW_SEGMENT_SHOPPER, events: [event('Checkout_Started', '2025-06-15T10:00:00Z', { total: 80, itemCount: 2 })] },
  // Completed exactly one hour after starting: that is "followed within 1 hour".
  buyer: {
    ...NEW_SEGMENT_SHOPPER,
    events: [
      event('Checkout_Started', '2025-06-15T09:00:00Z', { total: 80 }), event('Checkout_Completed', '2025-06-15T10:00:00Z', { total: 80 }),
      event('Order_Placed', '2025-06-15T10:00:01Z', { orderId: '1001', total: 80, currency: 'EUR', isFirstOrder: true, lineItems: [{ productId: '7982301', quantity: 1 }] }),
    ],
  },
  // Started 30 minutes ago: undecided until the hour has passed.
  starter: { ...NEW_SEGMENT_SHOPPER, events: [event('Checkout_Started', '2025-06-15T11:30:00Z', { total: 20 })] },
  quiet: { ...NEW_SEGMENT_SHOPPER },
};

describe('shopper_events MATCHES (...), evaluated in JavaScript and in SQL', () => {
  let store: SegmentQueryTestDb;
  const ids = new Map<number, string>();
  beforeAll(() => {
    store = openSegmentQueryTestDb();
    for (const [name, shopper] of Object.entries(shoppers)) ids.set(store.insert(shopper), name);
  });
  afterAll(() => store.close());

  it.each<[string, string[]]>([
    // The documented examples.
    ["shopper_events MATCHES (name = 'Product_Viewed', date >= -7d, count >= 3)", ['browser']],
    ["shopper_events MATCHES (name = 'Product_Viewed', product_id = '7982301', date >= -30d)", ['browser', 'carter']],
    ['shopper_events MATCHES (name = \'Product_Viewed\', product_id = 7982301, date >= -30d)', ['browser', 'carter']],
    ["shopper_events NOT MATCHES (name = 'Cart_ItemAdded', date >= -7d)", ['browser', 'abandoner', 'buyer', 'starter', 'quiet']],
    ["shopper_events MATCHES (name = 'Product_Viewed', date >= -7d, count <= 2)", ['carter', 'abandoner', 'buyer', 'starter', 'quiet']],
    ["shopper_events MATCHES (name = 'Checkout_Started', not_followed_by = 'Checkout_Completed', within = 1h, date >= -7d)", ['abandoner']],
    ["shopper_events MATCHES (name = 'Product_Viewed', date >= -7d, count >= 3) AND shopper_events NOT MATCHES (name = 'Cart_ItemAdded', date >= -7d)", ['browser']],
    // Counts, windows and filters.
    ["shopper_events MATCHES (name = 'Product_Viewed')", ['browser', 'carter']],
    ["shopper_events MATCHES (name = 'Product_Viewed', count = 5)", ['browser']],
    ["shopper_events MATCHES (name = 'Product_Viewed', count BETWEEN 1 AND 3)", ['carter']],
    ["shopper_events MATCHES (name = 'Product_Viewed', count = 0)", ['abandoner', 'buyer', 'starter', 'quiet']],
    ["shopper_events MATCHES (name = 'Product_Viewed', date BETWEEN 2025-05-01 AND 2025-05-31)", ['browser']],
    ["shopper_events MATCHES (name = 'Product_Viewed', date = yesterday)", ['carter']],
    ["shopper_events MATCHES (name = 'Product_Viewed', date < -30d)", ['browser']],
    ["shopper_events MATCHES (name = 'Product_Viewed', product_id != '7982301')", ['browser']],
    ["shopper_events MATCHES (name = 'Product_Viewed', price BETWEEN 20 AND 30, count >= 5)", ['browser']],
    ["shopper_events MATCHES (name = 'Cart_ItemAdded', quantity >= 2)", ['carter']],
    ["shopper_events MATCHES (name = 'Checkout_Started', total > 50, date = today)", ['abandoner', 'buyer']],
    ["shopper_events MATCHES (name = 'Order_Placed', product_id = '7982301', is_first_order = true, currency = 'EUR')", ['buyer']],
    ["shopper_events MATCHES (name = 'Order_Placed', product_id != '7982301')", []],
    ["shopper_events MATCHES (name = 'Order_Placed', order_id = '1001')", ['buyer']],
    // The wait: 30 minutes ago is undecided for 1 h and decided for 30min; the follower at exactly +1 h counts for 1h only.
    ["shopper_events MATCHES (name = 'Checkout_Started', not_followed_by = 'Checkout_Completed', within = 30min)", ['abandoner', 'buyer', 'starter']],
    ["shopper_events MATCHES (name = 'Checkout_Started', not_followed_by = 'Checkout_Completed', within = 59min)", ['abandoner', 'buyer']],
    ["shopper_events NOT MATCHES (name = 'Checkout_Started', not_followed_by = 'Checkout_Completed', within = 1h)", ['browser', 'carter', 'buyer', 'starter', 'quiet']],
  ])('%s', (query, expected) => {
    const ast = parseSegmentQuery(query);
    const inJs = Object.entries(shoppers).filter(([, shopper]) => evaluateSegmentQuery(ast, shopper, NOW)).map(([name]) => name);
    const inSql = store.matching(compileSegmentQuery(ast, NOW)).map((id) => ids.get(id));
    expect(inJs).toEqual(expected);
    expect(inSql).toEqual(expected);
  });

  it('decides a sequence exactly when the wait is over', () => {
    const ast = parseSegmentQuery("shopper_events MATCHES (name = 'Checkout_Started', not_followed_by = 'Checkout_Completed', within = 1h)");
    const started = at('2025-06-15T11:30:00Z');
    for (const [now, expected] of [[started + 3_599_999, ['abandoner']], [started + 3_600_000, ['abandoner', 'starter']]] as const) {
      expect(Object.entries(shoppers).filter(([, s]) => evaluateSegmentQuery(ast, s, now)).map(([name]) => name)).toEqual(expected);
      expect(store.matching(compileSegmentQuery(ast, now)).map((id) => ids.get(id))).toEqual(expected);
    }
  });
});
