import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { fixedClock } from '../../server/clock.js';
import { createShopQueries } from '../../server/db/shops.js';
import { SESSION_STATS_SQL } from '../../server/db/store-metrics-queries.js';
import { METRIC_BENCHMARKS } from '../../server/benchmarks/industry-benchmarks.js';
import { adminApiClient, insertProfileEvents } from './admin-api-client.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('GET /api/store-metrics and /api/funnel', () => {
  let t: TestApp;
  const clock = fixedClock(NOW);
  const call = adminApiClient(() => t);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    const db = t.db;
    const shop = t.shop.id;
    // s1 mobile: the whole path. s2 mobile: cart, no purchase. s3 starts on desktop (its device), buys on mobile.
    insertProfileEvents(db, shop, ['Product_Viewed', 'Cart_ItemAdded', 'Checkout_Started', 'Checkout_Completed'].map((name, i) => ({ name, at: NOW - 5 * DAY + i * 60_000, session: 's1' })));
    insertProfileEvents(db, shop, [{ name: 'Product_Viewed', at: NOW - 3 * DAY, session: 's2' }, { name: 'Cart_ItemAdded', at: NOW - 3 * DAY + 1000, session: 's2' }]);
    insertProfileEvents(db, shop, [
      { name: 'Product_Viewed', at: NOW - 2 * DAY, session: 's3', device: 'desktop' },
      { name: 'Cart_ItemAdded', at: NOW - 2 * DAY + 1000, session: 's3' },
      { name: 'Checkout_Completed', at: NOW - 2 * DAY + 2000, session: 's3' },
    ]);
    insertProfileEvents(db, shop, [{ name: 'Page_Viewed', at: NOW - DAY, session: 's4', device: 'desktop' }]);
    insertProfileEvents(db, shop, [{ name: 'Cart_ItemAdded', at: NOW - HOUR, session: 's5', device: 'tablet' }]);
    // 40 days ago: only in the 90-day window.
    insertProfileEvents(db, shop, [{ name: 'Checkout_Completed', at: NOW - 40 * DAY, session: 's6' }]);
    // Abandoned checkouts (server-derived, no session): one completed later by the same shopper, one not.
    insertProfileEvents(db, shop, [
      { name: 'Checkout_Abandoned', at: NOW - 4 * DAY, session: null, source: 'server' },
      { name: 'Order_Placed', at: NOW - 3 * DAY, session: null, source: 'webhook' },
    ]);
    insertProfileEvents(db, shop, [{ name: 'Checkout_Abandoned', at: NOW - 4 * DAY, session: null, source: 'server' }]);
    // Another shop's busy day never counts here.
    const other = createShopQueries(db).ensure('other-shop.myshopify.com', NOW);
    insertProfileEvents(db, other.id, [{ name: 'Checkout_Completed', at: NOW - HOUR, session: 's1' }, { name: 'Checkout_Abandoned', at: NOW - HOUR, session: null }]);
  });
  afterAll(async () => { await t?.stop(); });

  it('computes conversion, cart abandonment and checkout recovery by device from sessions, with sourced benchmarks', async () => {
    const { status, body } = await call('GET', '/store-metrics?days=30');
    expect(status).toBe(200);
    expect(body).toMatchObject({ windowDays: 30, from: new Date(NOW - 30 * DAY).toISOString(), to: new Date(NOW).toISOString() });
    expect(body.conversionRate).toEqual({
      all: { value: 0.4, numerator: 2, denominator: 5 }, mobile: { value: 0.5, numerator: 1, denominator: 2 },
      desktop: { value: 0.5, numerator: 1, denominator: 2 }, tablet: { value: 0, numerator: 0, denominator: 1 },
    });
    expect(body.cartAbandonment).toEqual({
      all: { value: 0.5, numerator: 2, denominator: 4 }, mobile: { value: 0.5, numerator: 1, denominator: 2 },
      desktop: { value: 0, numerator: 0, denominator: 1 }, tablet: { value: 1, numerator: 1, denominator: 1 },
    });
    expect(body.checkoutRecovery).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(body.benchmarks).toEqual(METRIC_BENCHMARKS);
    expect(body.benchmarks.checkoutRecovery[0]).toMatchObject({ source: 'Moosend', year: 'undated', value: 0.107 });
  });

  it('widens the window with days, and answers 400 invalid_query outside 7–90', async () => {
    const wide = await call('GET', '/store-metrics?days=90');
    expect(wide.body.conversionRate.all).toEqual({ value: 0.5, numerator: 3, denominator: 6 });
    for (const days of ['6', '91', 'abc', '30.5']) {
      const bad = await call('GET', `/store-metrics?days=${days}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('invalid_query');
      expect((await call('GET', `/funnel?days=${days}`)).body.error.code).toBe('invalid_query');
    }
  });

  it('counts sessions reaching each funnel step by device', async () => {
    const { status, body } = await call('GET', '/funnel');
    expect(status).toBe(200);
    expect(body.windowDays).toBe(30);
    expect(Object.fromEntries(body.steps.map((s: { key: string; counts: unknown }) => [s.key, s.counts]))).toEqual({
      sessions: { all: 5, mobile: 2, desktop: 2, tablet: 1 },
      product_viewed: { all: 3, mobile: 2, desktop: 1, tablet: 0 },
      cart_added: { all: 4, mobile: 2, desktop: 1, tablet: 1 },
      checkout_started: { all: 1, mobile: 1, desktop: 0, tablet: 0 },
      purchased: { all: 2, mobile: 1, desktop: 1, tablet: 0 },
    });
  });

  it('keeps a shop\'s figures for 60 seconds, and shows another shop only its own', async () => {
    insertProfileEvents(t.db, t.shop.id, [{ name: 'Checkout_Completed', at: NOW - HOUR, session: 's7', device: 'tablet' }]);
    expect((await call('GET', '/store-metrics?days=30')).body.conversionRate.all.denominator).toBe(5);
    clock.advance(61_000);
    expect((await call('GET', '/store-metrics?days=30')).body.conversionRate.all).toEqual({ value: 0.5, numerator: 3, denominator: 6 });
    const other = await call('GET', '/store-metrics?days=30', undefined, 'other-shop.myshopify.com');
    expect(other.body.conversionRate.all).toEqual({ value: 1, numerator: 1, denominator: 1 });
    expect(other.body.checkoutRecovery).toEqual({ value: 0, numerator: 0, denominator: 1 });
  });

  it('reads the window with one range scan on events_shop_time', () => {
    const plan = t.db.prepare(`EXPLAIN QUERY PLAN ${SESSION_STATS_SQL}`).all(1, 0) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/SEARCH events USING INDEX events_shop_time \(shop_id=\? AND occurred_at>\?\)/);
  });
});
