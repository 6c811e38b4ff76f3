import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createShopQueries } from '../../server/db/shops.js';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { collect, counters, GENEROUS_LIMITS, GOOGLEBOT, post, settle, storedEvents, storedIds, wireEvent } from './ingest-test-kit.js';

describe('POST /collect', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: GENEROUS_LIMITS }); });
  afterAll(async () => { await t.stop(); });
  beforeEach(() => {
    t.db.exec('DELETE FROM events; DELETE FROM identifiers; DELETE FROM profiles; DELETE FROM ingest_counters; DELETE FROM taxonomy_violations');
  });

  it('stores a valid event, minimized, and answers 202 only once it is committed', async () => {
    const event = wireEvent(t, { email: '  Shopper@Example.COM ', clientId: 'shopify-client-1', cartToken: 'cart-abc?key=cart-secret' });
    const res = await collect(t, [event]);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, ignored: 0, rejected: [] });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');

    const [row] = storedEvents(t.db);
    expect(row).toMatchObject({
      event_id: event.id,
      name: 'Page_Viewed',
      occurred_at: Date.parse(event.ts),
      received_at: t.clock.now(),
      time_flagged: 0,
      visitor_id: 'visitor-1',
      cart_token: 'cart-abc',
      device: 'mobile',
      os: 'iOS',
      browser: 'Safari',
      page_path: '/products/linen-shirt?utm_source&variant',
      referrer_host: 'www.google.com',
      consent_marketing: 1,
      consent_sale_of_data: 1,
      gpc: 0,
      source: 'storefront',
    });
    expect(JSON.parse(row!.properties)).toEqual({ title: 'Home' });
    const identifiers = t.db.prepare('SELECT kind, value FROM identifiers ORDER BY kind').all();
    expect(identifiers).toEqual([
      { kind: 'cart', value: 'cart-abc' },
      { kind: 'client', value: 'shopify-client-1' },
      { kind: 'email', value: 'shopper@example.com' },
      { kind: 'visitor', value: 'visitor-1' },
    ]);
    expect(counters(t.db, t.shop.id)).toEqual({ accepted: 1 });
    // Neither the user agent, the IP, the email nor query-string values reach the events table.
    const everything = JSON.stringify(t.db.prepare('SELECT * FROM events').all());
    for (const secret of ['Mozilla', 'iPhone', '127.0.0.1', 'shopper@', 'newsletter', 'blue-xl', 'linen+shirt', 'reviews', 'cart-secret']) expect(everything).not.toContain(secret);
  });

  it('takes application/json and text/plain, and refuses any other media type with 415', async () => {
    const ok1 = await collect(t, [wireEvent(t)], { contentType: 'application/json' });
    const ok2 = await collect(t, [wireEvent(t)], { contentType: 'text/plain' });
    expect([ok1.status, ok2.status]).toEqual([202, 202]);
    for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html', 'application/json; charset=latin1']) {
      const res = await collect(t, [wireEvent(t)], { contentType });
      expect(res.status, contentType).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
    const gzip = await collect(t, [wireEvent(t)], { headers: { 'content-encoding': 'gzip' } });
    expect(gzip.status).toBe(415);
    expect(storedIds(t.db)).toHaveLength(2);
  });

  it('answers the CORS preflight for /collect only', async () => {
    const res = await fetch(`${t.baseUrl}/collect`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    const other = await fetch(`${t.baseUrl}/healthz`);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${t.baseUrl}/collect`);
    expect(get.status).toBe(404);
  });

  it('refuses a body over 64 KB with 413 and stores nothing of it', async () => {
    const padding = 'x'.repeat(200);
    const events = Array.from({ length: 100 }, () => wireEvent(t, { properties: { title: padding.slice(0, 200) }, sessionId: 's'.repeat(64), visitorId: 'v'.repeat(64) }));
    const body = JSON.stringify({ shop: t.shop.domain, key: t.shop.ingestKey, events, pad: 'y'.repeat(30_000) });
    expect(Buffer.byteLength(body)).toBeGreaterThan(64 * 1024);
    const res = await post(`${t.baseUrl}/collect`, body, { raw: true });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(storedIds(t.db)).toEqual([]);
    // A body just under the limit goes through.
    const small = await collect(t, [wireEvent(t)], undefined, { pad: 'y'.repeat(60_000) });
    expect(small.status).toBe(202);
  });

  it('refuses malformed JSON with 400 malformed_json', async () => {
    for (const raw of ['{"shop": ', 'not json', '']) {
      const res = await post(`${t.baseUrl}/collect`, raw, { raw: true });
      expect(res.status, raw).toBe(400);
      expect(res.body.error.code).toBe('malformed_json');
    }
  });

  it('refuses more than 100 events with 400 too_many_events, and takes exactly 100', async () => {
    const tooMany = await collect(t, Array.from({ length: 101 }, () => wireEvent(t, { properties: {}, context: {} })));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('too_many_events');
    expect(storedIds(t.db)).toEqual([]);
    const hundred = await collect(t, Array.from({ length: 100 }, () => wireEvent(t, { properties: {}, context: {} })));
    expect(hundred.status).toBe(202);
    expect(hundred.body.accepted).toBe(100);
    expect(storedIds(t.db)).toHaveLength(100);
  });

  it('refuses a body without the envelope with 400 invalid_request', async () => {
    const event = wireEvent(t);
    const bodies: unknown[] = [
      [event],
      { key: t.shop.ingestKey, events: [event] },
      { shop: t.shop.domain, events: [event] },
      { shop: t.shop.domain, key: t.shop.ingestKey },
      { shop: t.shop.domain, key: t.shop.ingestKey, events: 'nope' },
      { shop: 'https://demo-shop.myshopify.com', key: t.shop.ingestKey, events: [event] },
      null,
    ];
    for (const body of bodies) {
      const res = await post(`${t.baseUrl}/collect`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(typeof res.body.error.message).toBe('string');
    }
    expect(storedIds(t.db)).toEqual([]);
  });

  it('refuses an unknown shop, a wrong key (401) and an uninstalled shop (403)', async () => {
    const unknown = await post(`${t.baseUrl}/collect`, { shop: 'nobody.myshopify.com', key: t.shop.ingestKey, events: [wireEvent(t)] });
    expect([unknown.status, unknown.body.error.code]).toEqual([401, 'unknown_shop']);
    const wrongKey = await post(`${t.baseUrl}/collect`, { shop: t.shop.domain, key: 'not-the-key', events: [wireEvent(t)] });
    expect([wrongKey.status, wrongKey.body.error.code]).toEqual([401, 'invalid_key']);
    const gone = createShopQueries(t.db).ensure('gone-shop.myshopify.com', t.clock.now(), 'gone-key');
    t.db.prepare('UPDATE shops SET uninstalled_at = ? WHERE id = ?').run(t.clock.now(), gone.id);
    const inactive = await post(`${t.baseUrl}/collect`, { shop: gone.domain, key: 'gone-key', events: [wireEvent(t)] });
    expect([inactive.status, inactive.body.error.code]).toEqual([403, 'shop_inactive']);
    expect(storedIds(t.db)).toEqual([]);
  });

  it('rejects bad events one by one and keeps every valid sibling', async () => {
    const good = [wireEvent(t), wireEvent(t, { name: 'Product_Viewed', properties: { productId: '8123', price: 12.5, currency: 'EUR' } }), wireEvent(t, { name: 'Wishlist_ItemSaved', properties: { listName: 'summer', items: 3 } })];
    const { visitorId: _omit, ...withoutVisitor } = wireEvent(t);
    const events = [
      good[0],
      wireEvent(t, { name: 'page_view' }),
      'not an object',
      wireEvent(t, { name: 'PageViewed' }),
      good[1],
      withoutVisitor,
      wireEvent(t, { name: 'product-viewed' }),
      wireEvent(t, { name: 'Product_Viewed', properties: { price: 1 } }),
      wireEvent(t, { name: 'Order_Placed', properties: { orderId: '1', total: 10, currency: 'USD' } }),
      wireEvent(t, { id: 'not-a-uuid' }),
      wireEvent(t, { ts: 'yesterday' }),
      wireEvent(t, { name: 'Custom_Thing', properties: { nested: { deep: true } } }),
      good[2],
      wireEvent(t, { name: 'page_view' }),
    ];
    const res = await collect(t, events);
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(3);
    expect(res.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, 'invalid_event_name'],
      [2, 'invalid_event'],
      [3, 'invalid_event_name'],
      [5, 'invalid_event'],
      [6, 'invalid_event_name'],
      [7, 'invalid_properties'],
      [8, 'reserved_event_name'],
      [9, 'invalid_event'],
      [10, 'invalid_event'],
      [11, 'invalid_properties'],
      [13, 'invalid_event_name'],
    ]);
    const byIndex = Object.fromEntries(res.body.rejected.map((r: { index: number; message: string }) => [r.index, r.message]));
    expect(byIndex[1]).toContain('Object_Action');
    expect(byIndex[1]).toContain('"Page_Viewed"');
    expect(byIndex[3]).toContain('"Page_Viewed"');
    expect(byIndex[6]).toContain('"Product_Viewed"');
    expect(byIndex[5]).toContain('visitorId');
    expect(byIndex[7]).toContain('properties.productId');
    expect(storedIds(t.db)).toEqual(good.map((e) => e!.id));
    expect(JSON.parse(storedEvents(t.db)[2]!.properties)).toEqual({ listName: 'summer', items: 3 });

    await settle();
    expect(counters(t.db, t.shop.id)).toEqual({ accepted: 3, invalid: 11 });
    const violations = t.db.prepare('SELECT name, count FROM taxonomy_violations WHERE shop_id = ? ORDER BY name').all(t.shop.id);
    expect(violations).toEqual([
      { name: 'PageViewed', count: 1 },
      { name: 'page_view', count: 2 },
      { name: 'product-viewed', count: 1 },
    ]);
  });

  it('stores an event id once per shop, whatever the retries', async () => {
    const events = [wireEvent(t), wireEvent(t)];
    const first = await collect(t, events);
    expect(first.body).toMatchObject({ accepted: 2, duplicates: 0 });
    const retry = await collect(t, events);
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ accepted: 0, duplicates: 2 });

    // The same id twice in one request, and three concurrent copies of one request (one group commit).
    const twin = wireEvent(t);
    const inside = await collect(t, [twin, { ...twin }]);
    expect(inside.body).toMatchObject({ accepted: 1, duplicates: 1 });
    const burst = [wireEvent(t), wireEvent(t)];
    const answers = await Promise.all([1, 2, 3].map(() => collect(t, burst)));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(answers.reduce((n, a) => n + a.body.accepted, 0)).toBe(2);
    expect(answers.reduce((n, a) => n + a.body.duplicates, 0)).toBe(4);
    // Ids are compared case-insensitively (a UUID is a UUID).
    const upper = await collect(t, [{ ...events[0], id: events[0]!.id.toUpperCase() }]);
    expect(upper.body).toMatchObject({ accepted: 0, duplicates: 1 });

    const ids = storedIds(t.db);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(counters(t.db, t.shop.id)).toEqual({ accepted: 5, duplicate: 8 });
  });

  it('drops bots quietly: 202, nothing stored, counted', async () => {
    const events = [wireEvent(t), wireEvent(t)];
    const res = await collect(t, events, { headers: { 'user-agent': GOOGLEBOT } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 0, duplicates: 0, ignored: 2, rejected: [] });
    // A bot user agent inside one event drops that event only.
    const human = wireEvent(t);
    const mixed = await collect(t, [human, wireEvent(t, { context: { userAgent: GOOGLEBOT } })]);
    expect(mixed.body).toEqual({ accepted: 1, duplicates: 0, ignored: 1, rejected: [] });
    expect(storedIds(t.db)).toEqual([human.id]);
    await settle();
    expect(counters(t.db, t.shop.id)).toEqual({ accepted: 1, bot: 3 });
  });

  it('stores nothing without analytics consent, and only counts it', async () => {
    const consented = wireEvent(t);
    const res = await collect(t, [
      wireEvent(t, { consent: { analytics: false, marketing: true } }),
      consented,
      wireEvent(t, { consent: undefined }),
      wireEvent(t, { consent: {} }),
    ]);
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, ignored: 3, rejected: [] });
    expect(storedIds(t.db)).toEqual([consented.id]);
    expect(t.db.prepare('SELECT COUNT(*) FROM identifiers').pluck().get()).toBe(1);
    await settle();
    expect(counters(t.db, t.shop.id)).toEqual({ accepted: 1, no_consent: 3 });
  });

  it('turns a Global Privacy Control signal into no marketing and no sale of data', async () => {
    const gpc = wireEvent(t, { consent: { analytics: true, marketing: true, saleOfData: true, gpc: true } });
    const unset = wireEvent(t, { consent: { analytics: true } });
    await collect(t, [gpc, unset]);
    const rows = storedEvents(t.db);
    expect(rows.map((r) => [r.consent_marketing, r.consent_sale_of_data, r.gpc])).toEqual([[0, 0, 1], [null, null, 0]]);
  });

  it('flags a client time more than 24 h away and stores the receipt time instead', async () => {
    const now = t.clock.now();
    const hour = 3_600_000;
    const events = [
      wireEvent(t, { ts: new Date(now - 25 * hour).toISOString() }),
      wireEvent(t, { ts: new Date(now + 25 * hour).toISOString() }),
      wireEvent(t, { ts: new Date(now - 23 * hour).toISOString() }),
      wireEvent(t, { ts: new Date(now - 2 * hour).toISOString().replace('Z', '+02:00') }),
    ];
    await collect(t, events);
    const rows = storedEvents(t.db);
    expect(rows.map((r) => [r.time_flagged, r.occurred_at])).toEqual([
      [1, now],
      [1, now],
      [0, now - 23 * hour],
      [0, Date.parse(events[3]!.ts)],
    ]);
  });

  it('keeps emails out of event properties and page paths', async () => {
    const events = [
      wireEvent(t, { name: 'Search_Submitted', properties: { query: 'gift for jane.doe@example.com', resultCount: 3 } }),
      wireEvent(t, { name: 'Newsletter_Signed', email: 'Jane.Doe@Example.com', properties: { email: 'jane.doe@example.com', list: 'weekly', tags: ['vip', 'x@y.io'] } }),
      wireEvent(t, { context: { url: 'https://demo-shop.myshopify.com/account/reset/jane%40example.com?email=jane@example.com' } }),
    ];
    const res = await collect(t, events);
    expect(res.body).toMatchObject({ accepted: 3, rejected: [] });
    const rows = storedEvents(t.db);
    expect(JSON.parse(rows[0]!.properties)).toEqual({ resultCount: 3 });
    expect(JSON.parse(rows[1]!.properties)).toEqual({ list: 'weekly', tags: ['vip'] });
    expect(rows[2]!.page_path).toBe('/account/reset/[email]?email');
    expect(JSON.stringify(rows)).not.toContain('@');
    expect(t.db.prepare("SELECT value FROM identifiers WHERE kind = 'email'").pluck().all()).toEqual(['jane.doe@example.com']);
  });

  it('applies the request\'s common fields to each event, an event\'s own value winning', async () => {
    const full = wireEvent(t);
    const { visitorId, sessionId, context, consent } = full;
    const shared = { visitorId, sessionId, context, consent, cartToken: 'cart-shared' };
    const first = { id: full.id, name: 'Page_Viewed', ts: full.ts, properties: { title: 'Home' } };
    const second = { ...wireEvent(t, { visitorId: 'visitor-own', cartToken: 'cart-own' }), consent: undefined, context: undefined };
    const res = await collect(t, [first, second], undefined, { common: shared });
    expect(res.body).toEqual({ accepted: 2, duplicates: 0, ignored: 0, rejected: [] });
    const rows = storedEvents(t.db);
    expect(rows.map((r) => [r.visitor_id, r.cart_token, r.device, r.page_path])).toEqual([
      ['visitor-1', 'cart-shared', 'mobile', '/products/linen-shirt?utm_source&variant'],
      ['visitor-own', 'cart-own', 'mobile', '/products/linen-shirt?utm_source&variant'],
    ]);
  });

  it('refuses common fields that are not event fields with 400 invalid_request and stores nothing', async () => {
    const res = await collect(t, [wireEvent(t)], undefined, { common: { visitorId: 'v', shop: 'other.myshopify.com' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain('common');
    expect(storedIds(t.db)).toEqual([]);
  });

  it('stores a Cart_Updated observation as the line changes it stands for, once whatever the retries', async () => {
    const lines = (q1: number, q2: number) => [
      { key: '44:a', variant_id: 44, product_id: 81, quantity: q1, price: 1450, product_title: 'Ethiopia' },
      ...(q2 ? [{ key: '45:b', variant_id: 45, product_id: 82, quantity: q2, price: 990 }] : []),
    ];
    const observation = wireEvent(t, { name: 'Cart_Updated', properties: { before: lines(1, 2), after: lines(3, 0), currency: 'EUR' } });
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await collect(t, [observation]);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject(attempt === 0 ? { accepted: 2, duplicates: 0 } : { accepted: 0, duplicates: 2 });
    }
    const rows = storedEvents(t.db);
    expect(rows.map((r) => [r.name, JSON.parse(r.properties)])).toEqual([
      ['Cart_ItemAdded', { productId: '81', variantId: '44', quantity: 2, price: 14.5, title: 'Ethiopia', currency: 'EUR' }],
      ['Cart_ItemRemoved', { productId: '82', variantId: '45', quantity: 2, price: 9.9, currency: 'EUR' }],
    ]);
    expect(rows.every((r) => r.visitor_id === 'visitor-1')).toBe(true);
  });

  it('rejects a Cart_Updated with malformed lines by its index and keeps its siblings', async () => {
    const bad = wireEvent(t, { name: 'Cart_Updated', properties: { before: [], after: [{ variant_id: 44, quantity: -1 }] } });
    const res = await collect(t, [wireEvent(t), bad]);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([{ index: 1, code: 'invalid_properties', message: expect.stringContaining('properties.after.0.quantity') }]);
    expect(storedEvents(t.db).map((r) => r.name)).toEqual(['Page_Viewed']);
  });

  it('records the pixel as source when the envelope says so', async () => {
    await collect(t, [wireEvent(t)], undefined, { source: 'pixel' });
    expect(storedEvents(t.db)[0]!.source).toBe('pixel');
  });

  it('answers many concurrent requests, each after its events are committed', async () => {
    const requests = Array.from({ length: 40 }, (_, i) => [wireEvent(t, { visitorId: `v-${i}` }), wireEvent(t, { visitorId: `v-${i}` })]);
    const answers = await Promise.all(requests.map((events) => collect(t, events)));
    expect(answers.every((a) => a.status === 202 && a.body.accepted === 2)).toBe(true);
    expect(storedIds(t.db)).toHaveLength(80);
  });
});
