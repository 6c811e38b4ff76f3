import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { fixedClock } from '../../server/clock.js';
import { signSessionToken } from '../../server/auth/sign-session-token.js';
import { createShopQueries, type ShopRow } from '../../server/db/shops.js';
import { EVENT_COUNTS_SINCE_SQL } from '../../server/db/overview-queries.js';
import type { Overview } from '../../server/admin-api/build-overview.js';
import { insertTestEvents, times } from './insert-test-events.js';

const HOUR = 60 * 60 * 1000;
// Noon UTC, so "today" and "yesterday" are unambiguous UTC days.
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

describe('GET /api/overview', () => {
  let t: TestApp;
  let other: ShopRow;
  const tokenFor = (shop: string) => signSessionToken(t.config.shopify.apiSecret, { shop, apiKey: t.config.shopify.apiKey });
  const get = (query = '', shop = t.shop.domain) =>
    fetch(`${t.baseUrl}/api/overview${query}`, { headers: { authorization: `Bearer ${tokenFor(shop)}` } });

  beforeAll(async () => {
    t = await startTestApp({ clock: fixedClock(NOW) });
    other = createShopQueries(t.db).ensure('other-shop.myshopify.com', NOW);
    insertTestEvents(t.db, t.shop.id, [
      ...times(3, { name: 'Page_Viewed', device: 'mobile', occurredAt: NOW - 1 * HOUR }),
      ...times(2, { name: 'Page_Viewed', device: 'desktop', occurredAt: NOW - 2 * HOUR }),
      { name: 'Page_Viewed', device: 'tablet', occurredAt: NOW - 23 * HOUR },
      ...times(2, { name: 'Product_Viewed', device: 'mobile', occurredAt: NOW - 3 * HOUR }),
      { name: 'Product_Viewed', device: 'unknown', occurredAt: NOW - 24 * HOUR }, // on the boundary: in
      { name: 'Cart_ItemAdded', device: 'desktop', occurredAt: NOW - 5 * 60 * 1000 },
      { name: 'Cart_ItemAdded', device: 'desktop', occurredAt: NOW + 60 * 1000 }, // client clock a minute ahead: in
      { name: 'Product_Viewed', device: 'mobile', occurredAt: NOW - 24 * HOUR - 1 }, // one ms too old: out
      ...times(4, { name: 'Checkout_Started', device: 'desktop', occurredAt: NOW - 30 * HOUR }),
    ]);
    // Another shop, busier than ours, with a name ours never sent.
    insertTestEvents(t.db, other.id, [
      ...times(5, { name: 'Page_Viewed', device: 'mobile', occurredAt: NOW - HOUR }),
      ...times(2, { name: 'Secret_Viewed', device: 'tablet', occurredAt: NOW - HOUR }),
    ]);
    const counter = t.db.prepare('INSERT INTO ingest_counters (shop_id, day, reason, count) VALUES (?, ?, ?, ?)');
    for (const [shopId, day, reason, count] of [
      [t.shop.id, '2026-11-28', 'accepted', 12],
      [t.shop.id, '2026-11-28', 'bot', 3],
      [t.shop.id, '2026-11-28', 'some_future_reason', 9],
      [t.shop.id, '2026-11-27', 'accepted', 100],
      [t.shop.id, '2026-11-27', 'no_consent', 7],
      [t.shop.id, '2026-11-26', 'accepted', 1000],
      [t.shop.id, '2026-11-26', 'invalid', 50],
      [other.id, '2026-11-28', 'accepted', 555],
      [other.id, '2026-11-28', 'rate_limited', 44],
    ] as const) counter.run(shopId, day, reason, count);
    const violation = t.db.prepare('INSERT INTO taxonomy_violations (shop_id, name, count, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)');
    violation.run(t.shop.id, 'page_view', 40, NOW - 48 * HOUR, NOW - HOUR);
    violation.run(t.shop.id, 'add_to_cart', 7, NOW - 10 * HOUR, NOW - 2 * HOUR);
    violation.run(t.shop.id, 'zzz', 7, NOW - 3 * HOUR, NOW - 3 * HOUR);
    violation.run(other.id, 'secret-event', 99, NOW - HOUR, NOW - HOUR);
  });
  afterAll(async () => { await t.stop(); });

  it('counts the last 24 hours by event name and device, busiest first', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    const body = (await res.json()) as Overview;
    expect(body.shop).toBe('demo-shop.myshopify.com');
    expect(body.window).toEqual({ hours: 24, from: '2026-11-27T12:00:00.000Z', to: '2026-11-28T12:00:00.000Z' });
    expect(body.events.rows).toEqual([
      { name: 'Page_Viewed', mobile: 3, tablet: 1, desktop: 2, unknown: 0, total: 6 },
      { name: 'Product_Viewed', mobile: 2, tablet: 0, desktop: 0, unknown: 1, total: 3 },
      { name: 'Cart_ItemAdded', mobile: 0, tablet: 0, desktop: 2, unknown: 0, total: 2 },
    ]);
    expect(body.events.totals).toEqual({ mobile: 5, tablet: 1, desktop: 4, unknown: 1, total: 11 });
    // All-time figures include the events outside the window.
    expect(body.totals).toEqual({ profiles: 1, events: 16 });
  });

  it('widens the window with ?hours, up to 30 days', async () => {
    const body = (await (await get('?hours=48')).json()) as Overview;
    expect(body.window.hours).toBe(48);
    expect(body.events.totals.total).toBe(16);
    expect(body.events.rows.map((r) => [r.name, r.total])).toEqual([
      ['Page_Viewed', 6],
      ['Checkout_Started', 4],
      ['Product_Viewed', 4],
      ['Cart_ItemAdded', 2],
    ]);
    expect(((await (await get('?hours=720')).json()) as Overview).events.totals.total).toBe(16);
    const oneHour = (await (await get('?hours=1')).json()) as Overview;
    expect(oneHour.events.rows).toEqual([
      { name: 'Page_Viewed', mobile: 3, tablet: 0, desktop: 0, unknown: 0, total: 3 }, // exactly one hour old: in
      { name: 'Cart_ItemAdded', mobile: 0, tablet: 0, desktop: 2, unknown: 0, total: 2 },
    ]);
  });

  it('sums ingestion counters for today and for the UTC days the window touches', async () => {
    const body = (await (await get()).json()) as Overview;
    expect(body.ingestion).toEqual({
      today: { day: '2026-11-28', counts: { accepted: 12, duplicate: 0, no_consent: 0, bot: 3, invalid: 0, rate_limited: 0 } },
      window: {
        fromDay: '2026-11-27',
        toDay: '2026-11-28',
        counts: { accepted: 112, duplicate: 0, no_consent: 7, bot: 3, invalid: 0, rate_limited: 0 },
      },
    });
    const threeDays = (await (await get('?hours=72')).json()) as Overview;
    expect(threeDays.ingestion.window).toEqual({
      fromDay: '2026-11-25',
      toDay: '2026-11-28',
      counts: { accepted: 1112, duplicate: 0, no_consent: 7, bot: 3, invalid: 50, rate_limited: 0 },
    });
  });

  it('reports rejected names, most frequent first, with the Object_Action name they probably meant', async () => {
    const body = (await (await get()).json()) as Overview;
    expect(body.taxonomy).toEqual({
      rule: 'Object_Action',
      violations: [
        { name: 'page_view', count: 40, firstSeenAt: '2026-11-26T12:00:00.000Z', lastSeenAt: '2026-11-28T11:00:00.000Z', suggestedName: 'Page_Viewed' },
        { name: 'add_to_cart', count: 7, firstSeenAt: '2026-11-28T02:00:00.000Z', lastSeenAt: '2026-11-28T10:00:00.000Z', suggestedName: 'Cart_ItemAdded' },
        { name: 'zzz', count: 7, firstSeenAt: '2026-11-28T09:00:00.000Z', lastSeenAt: '2026-11-28T09:00:00.000Z', suggestedName: null },
      ],
    });
  });

  it("never shows another shop's data, and shows that shop only its own", async () => {
    const ours = JSON.stringify(await (await get('?hours=720')).json());
    for (const leak of ['Secret_Viewed', 'secret-event', '555', '"rate_limited":44', 'other-shop']) expect(ours).not.toContain(leak);

    const theirs = (await (await get('', other.domain)).json()) as Overview;
    expect(theirs.shop).toBe('other-shop.myshopify.com');
    expect(theirs.events.rows).toEqual([
      { name: 'Page_Viewed', mobile: 5, tablet: 0, desktop: 0, unknown: 0, total: 5 },
      { name: 'Secret_Viewed', mobile: 0, tablet: 2, desktop: 0, unknown: 0, total: 2 },
    ]);
    expect(theirs.totals).toEqual({ profiles: 1, events: 7 });
    expect(theirs.ingestion.today.counts).toEqual({ accepted: 555, duplicate: 0, no_consent: 0, bot: 0, invalid: 0, rate_limited: 44 });
    expect(theirs.taxonomy.violations.map((v) => v.name)).toEqual(['secret-event']);
  });

  it('answers bad query parameters with a 400 envelope, and the next good request still works', async () => {
    for (const query of ['?hours=0', '?hours=721', '?hours=abc', '?hours=1.5', '?hours=-3', '?hours=', '?hours=1&hours=2']) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error.code).toBe('invalid_query');
      expect(body.error.message).toMatch(/hours/);
    }
    // Parameters the API does not know (the admin adds its own) are ignored.
    const fine = await get('?shop=evil.myshopify.com&host=abc');
    expect(fine.status).toBe(200);
    expect(((await fine.json()) as Overview).shop).toBe('demo-shop.myshopify.com');
    expect(t.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(23);
  });

  it('requires a session token', async () => {
    const res = await fetch(`${t.baseUrl}/api/overview`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('missing_session_token');
  });

  it('reads the window through the (shop_id, occurred_at) index', () => {
    const plan = t.db.prepare(`EXPLAIN QUERY PLAN ${EVENT_COUNTS_SINCE_SQL}`).all(t.shop.id, NOW) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/SEARCH events USING INDEX events_shop_time \(shop_id=\? AND occurred_at>\?\)/);
  });
});

describe('GET /api/overview on a large shop', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ clock: fixedClock(NOW) });
    // 90 days of history, 240,000 events, about 2,700 of them in the last 24 hours.
    const names = ['Page_Viewed', 'Product_Viewed', 'Collection_Viewed', 'Cart_ItemAdded', 'Checkout_Started'];
    const devices = ['mobile', 'desktop', 'tablet', 'unknown'] as const;
    const total = 240_000;
    const span = 90 * 24 * HOUR;
    insertTestEvents(t.db, t.shop.id, Array.from({ length: total }, (_, i) => ({
      name: names[i % names.length] as string,
      device: devices[i % 3 === 0 ? 0 : i % 7 === 0 ? 2 : i % 11 === 0 ? 3 : 1] as (typeof devices)[number],
      occurredAt: NOW - Math.floor(((i + 0.5) / total) * span),
    })));
  }, 60_000);
  afterAll(async () => { await t.stop(); });

  it('answers from the window, not the history', async () => {
    const token = signSessionToken(t.config.shopify.apiSecret, { shop: t.shop.domain, apiKey: t.config.shopify.apiKey });
    const expected = t.db.prepare('SELECT COUNT(*) FROM events WHERE occurred_at >= ?').pluck().get(NOW - 24 * HOUR) as number;
    const res = await fetch(`${t.baseUrl}/api/overview`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as Overview;
    expect(res.status).toBe(200);
    expect(body.totals.events).toBe(240_000);
    expect(body.events.totals.total).toBe(expected);
    expect(expected).toBeGreaterThan(2_500);
  });
});
