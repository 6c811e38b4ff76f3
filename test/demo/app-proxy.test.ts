import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { storeClient } from './store-client.js';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

function pageView(t: TestApp, visitorId = randomUUID()) {
  return {
    id: randomUUID(),
    name: 'Page_Viewed',
    ts: new Date(t.clock.now()).toISOString(),
    visitorId,
    sessionId: randomUUID(),
    properties: { pageType: 'home' },
    context: { url: 'https://demo-shop.myshopify.com/', userAgent: IPHONE },
    consent: { analytics: true, marketing: false },
  };
}

const stored = (t: TestApp, eventId: string) =>
  t.db.prepare('SELECT name, device, os, browser, source, profile_id AS profileId FROM events WHERE event_id = ?').get(eventId) as
    { name: string; device: string; os: string; browser: string; source: string; profileId: number } | undefined;

describe('simulated app proxy (POST /apps/segments/*)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.stop(); });

  it('signs the request as Shopify would and forwards it to /proxy/collect, with the shopper\'s user agent', async () => {
    const c = storeClient(t.baseUrl, { 'user-agent': IPHONE });
    const event = pageView(t);
    const res = await c.request('/apps/segments/collect?utm_source=newsletter&tag=a&tag=b', {
      body: JSON.stringify({ events: [event] }), headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(res.status).toBe(202);
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, ignored: 0, rejected: [] });
    expect(stored(t, event.id)).toMatchObject({ name: 'Page_Viewed', device: 'mobile', os: 'iOS', browser: 'Safari', source: 'storefront' });
  });

  it('passes the demo login as logged_in_customer_id, so the event joins that customer\'s profile', async () => {
    const c = storeClient(t.baseUrl, { 'user-agent': IPHONE });
    await c.request('/demo/store/login', { form: { customerId: '7000000000002' } });
    const event = pageView(t);
    expect((await c.request('/apps/segments/collect', { body: JSON.stringify({ events: [event] }), headers: { 'content-type': 'text/plain' } })).status).toBe(202);
    const customerProfile = t.db.prepare("SELECT profile_id FROM identifiers WHERE shop_id = ? AND kind = 'customer' AND value = '7000000000002'").pluck().get(t.shop.id);
    expect(customerProfile).toBeDefined();
    expect(stored(t, event.id)!.profileId).toBe(customerProfile);
  });

  it('relays the app\'s errors unchanged, and a bad request stores nothing', async () => {
    const c = storeClient(t.baseUrl, { 'user-agent': IPHONE });
    const before = t.db.prepare('SELECT COUNT(*) FROM events').pluck().get();
    const malformed = await c.request('/apps/segments/collect', { body: '{"events": [', headers: { 'content-type': 'text/plain' } });
    expect(malformed.status).toBe(400);
    expect((malformed.json() as { error: { code: string } }).error.code).toBe('malformed_json');
    const form = await c.request('/apps/segments/collect', { body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const big = await c.request('/apps/segments/collect', {
      body: JSON.stringify({ events: [{ ...pageView(t), properties: { title: 'x'.repeat(70_000) } }] }), headers: { 'content-type': 'text/plain' },
    });
    expect(big.status).toBe(413);
    expect((big.json() as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(t.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(before);
  });

});

describe('simulated app proxy: client address', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ env: { RATE_LIMIT_PER_IP: '1' } }); });
  afterAll(async () => { await t.stop(); });

  it('forwards the shopper\'s address in X-Forwarded-For, so each shopper has their own rate limit', async () => {
    const send = (ip: string) => fetch(`${t.baseUrl}/apps/segments/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': IPHONE, 'x-forwarded-for': ip },
      body: JSON.stringify({ events: [pageView(t)] }),
    });
    expect((await send('203.0.113.7')).status).toBe(202);
    const limited = await send('203.0.113.7');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await send('198.51.100.9')).status).toBe(202);
  });
});
