import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { fixedClock } from '../../server/clock.js';
import { signSessionToken } from '../../server/auth/sign-session-token.js';
import { createShopQueries } from '../../server/db/shops.js';
import { SEGMENT_TEMPLATES } from '../../server/segments/templates/segment-templates.js';
import { HOUR, shopperEvent } from '../segments/live/segment-world.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

describe('/api/segments', () => {
  let t: TestApp;
  const token = (shop?: string) => signSessionToken(t.config.shopify.apiSecret, { shop: shop ?? t.shop.domain, apiKey: t.config.shopify.apiKey });
  const call = async (method: string, path: string, body?: unknown, shop?: string) => {
    const r = await fetch(`${t.baseUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token(shop)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: r.status === 204 ? null : await r.json() };
  };

  beforeAll(async () => {
    t = await startTestApp({ clock: fixedClock(NOW), runSegmentEngine: false });
    const email = { kind: 'email' as const, value: 'ann@example.com' };
    t.app.ingestion.writer.writeBatch(t.shop.id, [
      // Five mobile viewers; ann also abandons a cart (window 1 h, so it is abandoned by NOW).
      ...['ann', 'bob', 'cy', 'di', 'ed'].map((v) => shopperEvent(v, 'Product_Viewed', NOW - 3 * HOUR, { productId: '1' })),
      shopperEvent('ann', 'Cart_ItemAdded', NOW - 2 * HOUR, { productId: '1', variantId: '11', quantity: 1, price: 30 }, { cartToken: 'c-ann', identifiers: [email] }),
      shopperEvent('fay', 'Checkout_Completed', NOW - 5 * HOUR, { orderId: '5001', total: 80, currency: 'USD' }, { device: 'desktop' }),
    ]);
    t.app.segments.drain();
  });
  afterAll(async () => { await t?.stop(); });

  it('lists the templates, each with a purpose, a KPI and an activation, and every query parses', async () => {
    const { status, body } = await call('GET', '/templates');
    expect(status).toBe(200);
    expect(body.templates).toHaveLength(SEGMENT_TEMPLATES.length);
    expect(body.templates.length).toBeGreaterThanOrEqual(13);
    for (const template of body.templates) {
      expect(template).toMatchObject({ key: expect.any(String), purpose: expect.any(String), kpi: expect.any(String), activation: { channel: expect.any(String), plan: expect.any(String) } });
      expect((await call('POST', '/segments/preview', { query: template.query })).status).toBe(200);
    }
  });

  it('creates a segment from a template, evaluated at once', async () => {
    const created = await call('POST', '/segments', { template: 'cart_abandoners' });
    expect(created.status).toBe(201);
    expect(created.body.segment).toMatchObject({
      name: 'Cart abandoners (last 7 days)', templateKey: 'cart_abandoners', query: 'cart_abandoned_date >= -7d', kpi: 'recovery_rate',
      activation: { channel: 'email' }, refreshPolicy: 'live', status: 'active', memberCount: 1, stale: false,
      kpis: { headline: { kpi: 'recovery_rate', value: 0 }, recoveryRate: 0, conversionRate: 0 },
    });
    const members = await call('GET', `/segments/${created.body.segment.id}/members`);
    expect(members.body.members).toHaveLength(1);
    expect(members.body.members[0]).toMatchObject({
      email: 'ann@example.com', cartAbandonment: { value: 30, items: 1, device: 'MOBILE', recoveryUrl: 'https://demo-shop.myshopify.com/cart/11:1' },
      rfm: { group: 'PROSPECTS', recencyScore: null },
    });
  });

  it('refuses a bad query with the line, the column and what was expected, and creates nothing', async () => {
    const before = (await call('GET', '/segments')).body.segments.length;
    const bad = await call('POST', '/segments', {
      name: 'Typo', query: 'number_of_orders >= 2 AND\nrfm_grop = \'LOYAL\'', kpi: 'repeat_rate', activation: { channel: 'email', plan: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_segment_query', line: 2, column: 1 });
    expect(bad.body.error.message).toMatch(/^Line 2, column 1: .*rfm_group/);
    expect((await call('GET', '/segments')).body.segments.length).toBe(before);
    const preview = await call('POST', '/segments/preview', { query: 'amount_spent >' });
    expect(preview.status).toBe(400);
    expect(preview.body.error.code).toBe('invalid_segment_query');
  });

  it('reads, changes and deletes a segment; previews count and sample', async () => {
    const created = await call('POST', '/segments', {
      name: 'Viewers', description: 'Anyone who viewed a product', query: 'product_views >= 1', kpi: 'conversion_rate',
      activation: { channel: 'onsite', plan: 'Show recently viewed products on the home page.' }, refreshPolicy: 'hourly',
    });
    expect(created.status).toBe(201);
    const id = created.body.segment.id;
    expect(created.body.segment.memberCount).toBe(5);
    expect((await call('GET', `/segments/${id}`)).body.segment).toMatchObject({ name: 'Viewers', refreshPolicy: 'hourly', memberCount: 5 });
    const patched = await call('PATCH', `/segments/${id}`, { query: "product_views >= 1 AND primary_device = 'DESKTOP'" });
    expect(patched.status).toBe(200);
    expect(patched.body.segment).toMatchObject({ memberCount: 0, name: 'Viewers' });
    expect((await call('PATCH', `/segments/${id}`, { colour: 'red' })).body.error.code).toBe('invalid_body');
    expect((await call('PATCH', `/segments/${id}`, { name: 'Cart abandoners (last 7 days)' })).status).toBe(409);
    const preview = await call('POST', '/segments/preview', { query: 'product_views >= 1', sampleSize: 2 });
    expect(preview.body.count).toBe(5);
    expect(preview.body.sample).toHaveLength(2);
    expect((await call('DELETE', `/segments/${id}`)).status).toBe(204);
    expect((await call('GET', `/segments/${id}`)).status).toBe(404);
  });

  it('pages members with a cursor, every member once', async () => {
    const id = (await call('POST', '/segments', { name: 'All viewers', query: 'product_views >= 1', kpi: 'conversion_rate', activation: { channel: 'none', plan: '' } })).body.segment.id;
    const seen: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { status: number; body: { members: { profileId: number }[]; nextCursor: string | null } } = await call('GET', `/segments/${id}/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.members.map((m) => m.profileId));
      cursor = page.body.nextCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect((await call('GET', `/segments/${id}/members?limit=0`)).body.error.code).toBe('invalid_query');
    expect((await call('GET', `/segments/${id}/members?cursor=abc`)).status).toBe(400);
    const history = await call('GET', `/segments/${id}/history?days=3`);
    expect(history.body.history).toEqual([{ day: '2026-11-20', size: 5, entered: 5, exited: 0 }]);
  });

  it('warns when more than 4 active segments share no distinct activation, and flags stale ones', async () => {
    for (const n of [1, 2, 3, 4]) {
      await call('POST', '/segments', { name: `Copy ${n}`, query: 'sessions >= 1', kpi: 'conversion_rate', activation: { channel: 'email', plan: 'Weekly newsletter' } });
    }
    const list = await call('GET', '/segments');
    const warning = list.body.warnings.find((w: { code: string }) => w.code === 'activation_not_distinct');
    expect(warning.segmentIds).toHaveLength(5);
    t.db.prepare("UPDATE segments SET refreshed_at = ? WHERE name = 'Copy 1'").run(NOW - 10 * 60_000);
    const after = await call('GET', '/segments');
    expect(after.body.segments.find((s: { name: string }) => s.name === 'Copy 1').stale).toBe(true);
    expect(after.body.warnings.find((w: { code: string }) => w.code === 'segment_stale').segmentIds).toHaveLength(1);
  });

  it('shows a shopper\'s three RFM scores and segments, and nothing of another shop', async () => {
    const fay = t.db.prepare("SELECT profile_id FROM identifiers WHERE kind = 'visitor' AND value = 'fay'").pluck().get() as number;
    const profile = await call('GET', `/profiles/${fay}`);
    expect(profile.status).toBe(200);
    expect(profile.body.profile).toMatchObject({ numberOfOrders: 1, amountSpent: 80, primaryDevice: 'DESKTOP', rfm: { group: expect.any(String), recencyScore: 3, frequencyScore: 3, monetaryScore: 3 } });
    createShopQueries(t.db).ensure('other-shop.myshopify.com', NOW);
    expect((await call('GET', `/profiles/${fay}`, undefined, 'other-shop.myshopify.com')).status).toBe(404);
    const mine = (await call('GET', '/segments')).body.segments[0].id;
    expect((await call('GET', `/segments/${mine}`, undefined, 'other-shop.myshopify.com')).status).toBe(404);
    expect((await call('GET', '/segments', undefined, 'other-shop.myshopify.com')).body).toEqual({ segments: [], warnings: [] });
  });
});
