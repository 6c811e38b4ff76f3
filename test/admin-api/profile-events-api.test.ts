import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { fixedClock } from '../../server/clock.js';
import { createShopQueries } from '../../server/db/shops.js';
import { adminApiClient, insertProfileEvents } from './admin-api-client.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

describe('GET /api/profiles/:id/events', () => {
  let t: TestApp;
  let profile: number;
  const call = adminApiClient(() => t);

  beforeAll(async () => {
    t = await startTestApp({ clock: fixedClock(NOW) });
    // Five events, two of them at the same instant: the cursor must not skip or repeat either.
    profile = insertProfileEvents(t.db, t.shop.id, [
      { name: 'Page_Viewed', at: NOW - 5000, pagePath: '/' },
      { name: 'Product_Viewed', at: NOW - 4000, pagePath: '/products/tee', properties: { productId: '1' } },
      { name: 'Cart_ItemAdded', at: NOW - 3000, properties: { productId: '1', quantity: 1 } },
      { name: 'Cart_Viewed', at: NOW - 3000 },
      { name: 'Checkout_Started', at: NOW - 1000, device: 'desktop', source: 'pixel' },
    ]);
    insertProfileEvents(t.db, t.shop.id, [{ name: 'Page_Viewed', at: NOW }]);
  });
  afterAll(async () => { await t?.stop(); });

  it('pages through the timeline newest first with an opaque cursor', async () => {
    const first = await call('GET', `/profiles/${profile}/events?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.events.map((e: { name: string }) => e.name)).toEqual(['Checkout_Started', 'Cart_Viewed']);
    expect(first.body.events[0]).toMatchObject({ id: expect.any(String), occurredAt: new Date(NOW - 1000).toISOString(), device: 'desktop', source: 'pixel', pagePath: null, properties: {} });
    const second = await call('GET', `/profiles/${profile}/events?limit=2&before=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.events.map((e: { name: string }) => e.name)).toEqual(['Cart_ItemAdded', 'Product_Viewed']);
    expect(second.body.events[1]).toMatchObject({ pagePath: '/products/tee', properties: { productId: '1' } });
    const third = await call('GET', `/profiles/${profile}/events?limit=2&before=${encodeURIComponent(second.body.nextCursor)}`);
    expect(third.body).toEqual({ events: [expect.objectContaining({ name: 'Page_Viewed' })], nextCursor: null });
    expect((await call('GET', `/profiles/${profile}/events`)).body.events).toHaveLength(5);
  });

  it('answers 400 invalid_query for a bad cursor or limit, and 404 for another shop\'s or an unknown profile', async () => {
    for (const q of ['before=abc', 'before=1:2:3', 'limit=0', 'limit=201', `before=${'9'.repeat(16)}:1`]) {
      const bad = await call('GET', `/profiles/${profile}/events?${q}`);
      expect(bad.status, q).toBe(400);
      expect(bad.body.error.code).toBe('invalid_query');
    }
    createShopQueries(t.db).ensure('other-shop.myshopify.com', NOW);
    expect((await call('GET', `/profiles/${profile}/events`, undefined, 'other-shop.myshopify.com')).body.error.code).toBe('profile_not_found');
    expect((await call('GET', '/profiles/999999/events')).status).toBe(404);
    expect((await call('GET', '/profiles/x/events')).status).toBe(404);
  });
});
