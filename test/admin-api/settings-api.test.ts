import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { fixedClock } from '../../server/clock.js';
import { createShopQueries } from '../../server/db/shops.js';
import { shopperEvent } from '../segments/live/segment-world.js';
import { adminApiClient } from './admin-api-client.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

describe('GET/PATCH /api/settings', () => {
  let t: TestApp;
  const call = adminApiClient(() => t);
  const cartAbandonedAt = () => t.db.prepare("SELECT t.cart_abandoned_at FROM profile_traits t JOIN identifiers i ON i.profile_id = t.profile_id WHERE i.kind = 'visitor' AND i.value = 'ann'").pluck().get();

  beforeAll(async () => {
    t = await startTestApp({ clock: fixedClock(NOW), env: { ABANDONMENT_WINDOW_MINUTES: '60' } });
    t.app.ingestion.writer.writeBatch(t.shop.id, [
      shopperEvent('ann', 'Cart_ItemAdded', NOW - 45 * 60_000, { productId: '1', variantId: '11', quantity: 1, price: 30 }, { cartToken: 'c-ann' }),
    ]);
    t.app.segments.drain();
  });
  afterAll(async () => { await t?.stop(); });

  it('answers the defaults until the shop chooses its own', async () => {
    expect(await call('GET', '/settings')).toEqual({ status: 200, body: { cartAbandonmentMinutes: 60, checkoutAbandonmentMinutes: 60, dataRetentionDays: 365 } });
  });

  it('saves any subset, and a shorter cart window recomputes the shop\'s shoppers', async () => {
    // The engine looks after shops with segments.
    expect((await call('POST', '/segments', { template: 'cart_abandoners' })).body.segment.memberCount).toBe(0);
    expect(cartAbandonedAt()).toBeNull();
    const saved = await call('PATCH', '/settings', { cartAbandonmentMinutes: 30, dataRetentionDays: 90 });
    expect(saved).toEqual({ status: 200, body: { cartAbandonmentMinutes: 30, checkoutAbandonmentMinutes: 60, dataRetentionDays: 90 } });
    expect((await call('GET', '/settings')).body).toEqual(saved.body);
    t.app.segments.drain();
    // 45 minutes idle is now past the 30-minute window.
    expect(cartAbandonedAt()).toBe(NOW - 15 * 60_000);
    expect((await call('GET', '/segments')).body.segments[0].memberCount).toBe(1);
    expect((await call('PATCH', '/settings', { checkoutAbandonmentMinutes: 10_080 })).body).toEqual({ cartAbandonmentMinutes: 30, checkoutAbandonmentMinutes: 10_080, dataRetentionDays: 90 });
  });

  it('refuses out-of-range, unknown or empty bodies with 400 invalid_body and saves nothing of them', async () => {
    const before = (await call('GET', '/settings')).body;
    for (const body of [
      { cartAbandonmentMinutes: 0 }, { cartAbandonmentMinutes: 10_081 }, { checkoutAbandonmentMinutes: 1.5 }, { dataRetentionDays: 29 },
      { dataRetentionDays: 1096 }, { dataRetentionDays: '90' }, {}, { cartAbandonmentMinutes: 20, colour: 'red' }, { cartAbandonmentMinutes: 20, dataRetentionDays: 5 },
    ]) {
      const r = await call('PATCH', '/settings', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('invalid_body');
    }
    expect((await call('PATCH', '/settings', '{"cartAbandonmentMinutes":')).body.error.code).toBe('malformed_json');
    expect((await call('GET', '/settings')).body).toEqual(before);
  });

  it('keeps each shop\'s settings apart', async () => {
    createShopQueries(t.db).ensure('other-shop.myshopify.com', NOW);
    expect((await call('GET', '/settings', undefined, 'other-shop.myshopify.com')).body).toEqual({ cartAbandonmentMinutes: 60, checkoutAbandonmentMinutes: 60, dataRetentionDays: 365 });
  });
});
