import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { collect, counters, proxyCollect, proxyQuery, settle, storedIds, wireEvent } from './ingest-test-kit.js';

describe('rate limits on the collect routes', () => {
  let t: TestApp;
  afterEach(async () => { await t.stop(); });

  it('limits one client address, answering 429 with Retry-After, and counts what it refused', async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_IP: '3', RATE_LIMIT_PER_SHOP: '1000' } });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await collect(t, [wireEvent(t), wireEvent(t)]));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 429]);
    const limited = answers[3]!;
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('access-control-allow-origin')).toBe('*');
    expect(storedIds(t.db)).toHaveLength(6);
    // Another shopper behind the same (trusted, loopback) proxy has their own bucket.
    const other = await collect(t, [wireEvent(t)], { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(other.status).toBe(202);
    await settle();
    expect(counters(t.db, t.shop.id)).toEqual({ accepted: 7, rate_limited: 2 });
    // The address is used in memory only.
    expect(JSON.stringify(t.db.prepare('SELECT * FROM ingest_counters').all())).not.toContain('203.0.113.7');
  });

  it('limits one shop across addresses', async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_IP: '1000', RATE_LIMIT_PER_SHOP: '2' } });
    const statuses = [];
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      statuses.push((await collect(t, [wireEvent(t)], { headers: { 'x-forwarded-for': ip } })).status);
    }
    expect(statuses).toEqual([202, 202, 429]);
    expect(storedIds(t.db)).toHaveLength(2);
  });

  it('keys the app proxy on the shopper address Shopify forwards, not on Shopify', async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_IP: '1', RATE_LIMIT_PER_SHOP: '1000' } });
    const send = (ip: string) => proxyCollect(t, proxyQuery(t), [wireEvent(t)], { headers: { 'x-forwarded-for': ip } });
    expect((await send('192.0.2.10')).status).toBe(202);
    expect((await send('192.0.2.11')).status).toBe(202);
    expect((await send('192.0.2.10')).status).toBe(429);
  });
});
