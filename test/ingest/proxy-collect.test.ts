import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/clock.js';
import { createShopQueries } from '../../server/db/shops.js';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { GENEROUS_LIMITS, post, proxyCollect, proxyQuery, storedEvents, storedIds, wireEvent } from './ingest-test-kit.js';

describe('POST /proxy/collect (Shopify app proxy)', () => {
  let t: TestApp;
  const clock = fixedClock(Date.parse('2025-06-01T12:00:00Z'));
  beforeAll(async () => { t = await startTestApp({ env: GENEROUS_LIMITS, clock }); });
  afterAll(async () => { await t.stop(); });
  beforeEach(() => {
    clock.set(Date.parse('2025-06-01T12:00:00Z'));
    t.db.exec('DELETE FROM events; DELETE FROM identifiers; DELETE FROM profiles; DELETE FROM ingest_counters');
  });

  it('stores events for the shop named in the signed query, with no CORS and no key', async () => {
    const event = wireEvent(t);
    const res = await proxyCollect(t, proxyQuery(t), [event]);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, ignored: 0, rejected: [] });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(storedIds(t.db)).toEqual([event.id]);
    expect(t.db.prepare("SELECT COUNT(*) FROM identifiers WHERE kind = 'customer'").pluck().get()).toBe(0);
  });

  it('makes the logged-in customer the customer of every event, over whatever the body claims', async () => {
    const events = [wireEvent(t, { customerId: '999' }), wireEvent(t), wireEvent(t, { visitorId: 'visitor-2', customerId: 'gid://shopify/Customer/777' })];
    const res = await proxyCollect(t, proxyQuery(t, { customerId: '12345' }), events);
    expect(res.body.accepted).toBe(3);
    const customers = t.db.prepare("SELECT DISTINCT value FROM identifiers WHERE kind = 'customer'").pluck().all();
    expect(customers).toEqual(['12345']);
    // With nobody logged in (empty parameter), the body's claim stands.
    await proxyCollect(t, proxyQuery(t), [wireEvent(t, { visitorId: 'visitor-3', customerId: 'gid://shopify/Customer/777' })]);
    expect(t.db.prepare("SELECT value FROM identifiers WHERE kind = 'customer' ORDER BY value").pluck().all()).toEqual(['12345', '777']);
  });

  it('refuses a missing, wrong or tampered signature with 401 invalid_signature', async () => {
    const good = proxyQuery(t, { customerId: '1' });
    const { signature: _s, ...unsigned } = good;
    const cases: Record<string, string>[] = [
      unsigned,
      { ...good, signature: 'f'.repeat(64) },
      { ...good, signature: 'not-hex' },
      { ...good, signature: good.signature!.toUpperCase() },
      { ...good, logged_in_customer_id: '2' },
      { ...good, shop: 'other-shop.myshopify.com' },
      proxyQuery(t, { secret: 'not-the-app-secret' }),
    ];
    for (const query of cases) {
      const res = await proxyCollect(t, query, [wireEvent(t)]);
      expect(res.status, JSON.stringify(query)).toBe(401);
      expect(res.body.error.code).toBe('invalid_signature');
    }
    expect(storedIds(t.db)).toEqual([]);
  });

  it('refuses a request signed more than 90 s ago (or ahead) with 401 stale_request', async () => {
    const query = proxyQuery(t);
    clock.advance(91_000);
    const stale = await proxyCollect(t, query, [wireEvent(t)]);
    expect([stale.status, stale.body.error.code]).toEqual([401, 'stale_request']);
    clock.advance(-182_000);
    const early = await proxyCollect(t, query, [wireEvent(t)]);
    expect([early.status, early.body.error.code]).toEqual([401, 'stale_request']);
    clock.set(Date.parse('2025-06-01T12:01:29Z'));
    const inTime = await proxyCollect(t, query, [wireEvent(t)]);
    expect(inTime.status).toBe(202);
    expect(storedIds(t.db)).toHaveLength(1);
  });

  it('refuses a signed request for a shop the app does not know (401) or that uninstalled it (403)', async () => {
    const unknown = await proxyCollect(t, proxyQuery(t, { shop: 'stranger.myshopify.com' }), [wireEvent(t)]);
    expect([unknown.status, unknown.body.error.code]).toEqual([401, 'unknown_shop']);
    const gone = createShopQueries(t.db).ensure('gone-shop.myshopify.com', clock.now());
    t.db.prepare('UPDATE shops SET uninstalled_at = ? WHERE id = ?').run(clock.now(), gone.id);
    const inactive = await proxyCollect(t, proxyQuery(t, { shop: gone.domain }), [wireEvent(t)]);
    expect([inactive.status, inactive.body.error.code]).toEqual([403, 'shop_inactive']);
    expect(storedIds(t.db)).toEqual([]);
  });

  it('applies the same body rules as /collect', async () => {
    const url = `${t.baseUrl}/proxy/collect?${new URLSearchParams(proxyQuery(t))}`;
    const malformed = await post(url, '{"events": [', { raw: true });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'malformed_json']);
    const form = await post(url, { events: [] }, { contentType: 'application/x-www-form-urlencoded' });
    expect([form.status, form.body.error.code]).toEqual([415, 'unsupported_media_type']);
    const tooMany = await post(url, { events: Array.from({ length: 101 }, () => wireEvent(t)) });
    expect([tooMany.status, tooMany.body.error.code]).toEqual([400, 'too_many_events']);
    const noEvents = await post(url, { shop: t.shop.domain });
    expect([noEvents.status, noEvents.body.error.code]).toEqual([400, 'invalid_request']);
    const good = wireEvent(t);
    const mixed = await post(url, { events: [wireEvent(t, { name: 'page_view' }), good] });
    expect(mixed.body).toMatchObject({ accepted: 1, rejected: [{ index: 0, code: 'invalid_event_name' }] });
    expect(storedEvents(t.db).map((r) => r.event_id)).toEqual([good.id]);
  });
});
