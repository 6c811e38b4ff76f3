import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { createShopQueries } from '../../server/db/shops.js';
import { deliver, deliveriesIn, jobsIn, readSample, signWebhook, startWebhookTestApp, type WebhookTestApp } from './webhook-test-kit.js';

const ORDER = readSample('orders-create.json');

describe('POST /webhooks through the real app (WEBHOOK_HANDLERS)', () => {
  let t: TestApp;
  let secret: string;
  beforeAll(async () => {
    t = await startTestApp();
    secret = t.config.shopify.apiSecret;
  });
  afterAll(async () => { await t.stop(); });
  const clear = () => t.db.exec('DELETE FROM jobs; DELETE FROM webhook_deliveries;');

  it('accepts Shopify\'s orders/create sample signed with the app secret: 200 and one job', async () => {
    clear();
    const res = await deliver(t.baseUrl, ORDER, { secret, eventId: 'evt-order-1', webhookId: 'wh-1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const jobs = jobsIn(t.db);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ shop_id: t.shop.id, kind: 'webhook', topic: 'orders/create', event_id: 'evt-order-1', triggered_at: Date.parse('2026-11-28T21:00:00.000Z') });
    expect(deliveriesIn(t.db)).toEqual([expect.objectContaining({ shop_id: t.shop.id, event_id: 'evt-order-1', webhook_id: 'wh-1', topic: 'orders/create', api_version: '2026-07' })]);
  });

  it('rejects a wrong signature, a tampered body and a missing signature with 401 invalid_hmac, storing nothing', async () => {
    clear();
    const attempts = [
      deliver(t.baseUrl, ORDER, { secret: 'not-the-app-secret' }),
      deliver(t.baseUrl, ORDER.replace('"USD"', '"EUR"'), { secret, hmac: signWebhook(ORDER, secret) }),
      deliver(t.baseUrl, ORDER, { secret, hmac: null }),
      deliver(t.baseUrl, ORDER, { secret, hmac: '' }),
      deliver(t.baseUrl, ORDER, { secret, hmac: signWebhook(ORDER, secret) + '=' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('invalid_hmac');
    }
    expect(jobsIn(t.db)).toEqual([]);
    expect(deliveriesIn(t.db)).toEqual([]);
  });

  it('adds nothing for the same event delivered twice, or once per subscription (same event id, other webhook id)', async () => {
    clear();
    const first = await deliver(t.baseUrl, ORDER, { secret, eventId: 'evt-twice', webhookId: 'wh-a' });
    const again = await deliver(t.baseUrl, ORDER, { secret, eventId: 'evt-twice', webhookId: 'wh-a' });
    const other = await deliver(t.baseUrl, ORDER, { secret, eventId: 'evt-twice', webhookId: 'wh-b' });
    expect([first.status, again.status, other.status]).toEqual([200, 200, 200]);
    expect(jobsIn(t.db)).toHaveLength(1);
    expect(deliveriesIn(t.db)).toHaveLength(1);
  });

  it('falls back to X-Shopify-Webhook-Id when there is no event id', async () => {
    clear();
    await deliver(t.baseUrl, ORDER, { secret, eventId: null, webhookId: 'wh-only' });
    await deliver(t.baseUrl, ORDER, { secret, eventId: null, webhookId: 'wh-only' });
    expect(jobsIn(t.db).map((j) => j.event_id)).toEqual(['wh-only']);
    const res = await deliver(t.baseUrl, ORDER, { secret, eventId: null, webhookId: null });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('missing_headers');
    expect(jobsIn(t.db)).toHaveLength(1);
  });

  it('answers 400 to a validly signed body that is not JSON, storing nothing, and still accepts the next one', async () => {
    clear();
    const broken = ORDER.slice(0, 200);
    const res = await deliver(t.baseUrl, broken, { secret });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('malformed_json');
    const notObject = await deliver(t.baseUrl, '[1,2]', { secret });
    expect((await notObject.json()).error.code).toBe('invalid_payload');
    expect(jobsIn(t.db)).toEqual([]);
    expect(deliveriesIn(t.db)).toEqual([]);
    expect((await deliver(t.baseUrl, ORDER, { secret })).status).toBe(200);
    expect(jobsIn(t.db)).toHaveLength(1);
  });

  it('acknowledges an uninstall or redaction for a shop it does not know with 200, storing nothing and creating no shop', async () => {
    clear();
    for (const topic of ['app/uninstalled', 'shop/redact', 'customers/redact', 'customers/data_request']) {
      const res = await deliver(t.baseUrl, '{}', { secret, shop: 'stranger.myshopify.com', topic });
      expect(res.status, topic).toBe(200);
    }
    expect(jobsIn(t.db)).toEqual([]);
    expect(deliveriesIn(t.db)).toEqual([]);
    expect(createShopQueries(t.db).byDomain('stranger.myshopify.com')).toBeUndefined();
  });

  it('creates the shop for a data webhook that arrives before the first admin load (Shopify-managed install)', async () => {
    clear();
    const res = await deliver(t.baseUrl, ORDER, { secret, shop: 'early-bird.myshopify.com' });
    expect(res.status).toBe(200);
    const shop = createShopQueries(t.db).byDomain('early-bird.myshopify.com');
    expect(shop).toBeDefined();
    expect(jobsIn(t.db).filter((j) => j.shop_id === shop!.id)).toHaveLength(1);
  });

  it('answers 400 missing_headers without a topic or with a shop domain that is not a myshopify domain', async () => {
    clear();
    for (const opts of [{ topic: '' }, { shop: 'evil.example.com' }]) {
      const res = await deliver(t.baseUrl, ORDER, { secret, ...opts });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('missing_headers');
    }
    expect(jobsIn(t.db)).toEqual([]);
  });

  it('verifies the raw bytes whatever the content type says', async () => {
    clear();
    const res = await deliver(t.baseUrl, ORDER, { secret, contentType: null });
    expect(res.status).toBe(200);
    const textPlain = await deliver(t.baseUrl, ORDER, { secret, contentType: 'text/plain' });
    expect(textPlain.status).toBe(200);
    expect(jobsIn(t.db)).toHaveLength(2);
  });
});

describe('POST /webhooks storage', () => {
  let dir: string;
  let t: WebhookTestApp;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webhook-route-'));
    t = await startWebhookTestApp({ databasePath: join(dir, 'app.db'), runWebhookJobs: false });
  });
  afterAll(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the body exactly as sent (ids above 2^53 keep their digits) until the job ran', async () => {
    const res = await deliver(t.baseUrl, ORDER, { secret: t.config.shopify.apiSecret, eventId: 'evt-raw' });
    expect(res.status).toBe(200);
    const [job] = jobsIn(t.db);
    expect(job?.payload).toBe(ORDER);
    expect(job?.payload).toContain('820982911946154508');
    expect(job).toMatchObject({ status: 'queued', attempts: 0, last_error: null });
  });

  it('keeps event ids per shop: the same id from another shop is another delivery', async () => {
    const other = createShopQueries(t.db).ensure('other-shop.myshopify.com', t.clock.now());
    const secret = t.config.shopify.apiSecret;
    await deliver(t.baseUrl, ORDER, { secret, eventId: 'evt-shared' });
    await deliver(t.baseUrl, ORDER, { secret, eventId: 'evt-shared', shop: other.domain });
    expect(jobsIn(t.db).filter((j) => j.event_id === 'evt-shared').map((j) => j.shop_id).sort()).toEqual([t.shop.id, other.id].sort());
  });

  it('answers 413 to a body over the limit without storing it', async () => {
    const huge = JSON.stringify({ pad: 'x'.repeat(3 * 1024 * 1024) });
    const before = jobsIn(t.db).length;
    const res = await deliver(t.baseUrl, huge, { secret: t.config.shopify.apiSecret });
    expect(res.status).toBe(413);
    expect(jobsIn(t.db)).toHaveLength(before);
  });
});
