import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { fixedClock } from '../../server/clock.js';
import { createShopQueries } from '../../server/db/shops.js';
import { HOUR, DAY, shopperEvent } from '../segments/live/segment-world.js';
import { adminApiClient } from './admin-api-client.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('segment list trend and baseline; member search', () => {
  let t: TestApp;
  let segmentId: number;
  const call = adminApiClient(() => t);
  const profileOf = (visitor: string) => t.db.prepare("SELECT profile_id FROM identifiers WHERE kind = 'visitor' AND value = ?").pluck().get(visitor) as number;

  beforeAll(async () => {
    t = await startTestApp({ clock: fixedClock(NOW) });
    const email = (value: string) => ({ identifiers: [{ kind: 'email' as const, value }] });
    t.app.ingestion.writer.writeBatch(t.shop.id, [
      shopperEvent('ann', 'Product_Viewed', NOW - 3 * HOUR, { productId: '1' }, email('ann@example.com')),
      shopperEvent('anna', 'Product_Viewed', NOW - 3 * HOUR, { productId: '1' }, email('anna.b@example.org')),
      shopperEvent('bob', 'Product_Viewed', NOW - 3 * HOUR, { productId: '1' }, email('Bob.Smith@Example.com')),
      shopperEvent('cy', 'Product_Viewed', NOW - 3 * HOUR, { productId: '1' }),
      shopperEvent('fay', 'Checkout_Completed', NOW - 5 * HOUR, { orderId: '5001', total: 80, currency: 'USD' }, { device: 'desktop' }),
    ]);
    t.db.prepare("UPDATE profiles SET customer_id = '7208712345678' WHERE id = ?").run(profileOf('cy'));
    t.app.segments.drain();
    const created = await call('POST', '/segments', {
      name: 'Viewers', query: 'product_views >= 1', kpi: 'conversion_rate', activation: { channel: 'onsite', plan: 'Recently viewed on home' },
    });
    segmentId = created.body.segment.id;
    // An older segment: created 10 days ago, 2 members then, 5 from three days ago, 4 today.
    t.db.prepare('UPDATE segments SET created_at = ? WHERE id = ?').run(NOW - 10 * DAY, segmentId);
    const history = t.db.prepare('INSERT INTO segment_size_history (segment_id, day, size, entered, exited) VALUES (?, ?, ?, 0, 0)');
    history.run(segmentId, day(NOW - 9 * DAY), 2);
    history.run(segmentId, day(NOW - 3 * DAY), 5);
  });
  afterAll(async () => { await t?.stop(); });

  it('gives each listed segment a 7-day trend filled forward and its KPI over the whole store', async () => {
    const { body } = await call('GET', '/segments');
    const segment = body.segments.find((s: { id: number }) => s.id === segmentId);
    expect(segment.trend).toEqual([6, 5, 4, 3, 2, 1, 0].map((d) => ({ day: day(NOW - d * DAY), size: d === 0 ? 4 : d >= 4 ? 2 : 5 })));
    // Members: 4 viewers, none bought. Store: 5 shoppers with traits, 1 ordered in the last 30 days.
    expect(segment.kpis).toMatchObject({ headline: { kpi: 'conversion_rate', value: 0 }, baseline: 0.2 });
    expect((await call('GET', `/segments/${segmentId}`)).body.segment.kpis.baseline).toBe(0.2);
  });

  it('finds members by email prefix (any case), customer id or profile id, and pages the matches', async () => {
    const names = async (q: string, extra = '') => {
      const r = await call('GET', `/segments/${segmentId}/members?q=${encodeURIComponent(q)}${extra}`);
      expect(r.status).toBe(200);
      return r.body;
    };
    expect((await names('ANN')).members.map((m: { email: string }) => m.email)).toEqual(['ann@example.com', 'anna.b@example.org']);
    expect((await names('bob.s')).members.map((m: { email: string }) => m.email)).toEqual(['bob.smith@example.com']);
    expect((await names('7208712345678')).members.map((m: { profileId: number }) => m.profileId)).toEqual([profileOf('cy')]);
    expect((await names(String(profileOf('bob')))).members.map((m: { profileId: number }) => m.profileId)).toEqual([profileOf('bob')]);
    expect((await names('example')).members).toEqual([]);
    expect((await names(String(profileOf('fay')))).members).toEqual([]);
    const page1 = await names('ann', '&limit=1');
    expect(page1.members.map((m: { email: string }) => m.email)).toEqual(['ann@example.com']);
    const page2 = await names('ann', `&limit=1&cursor=${page1.nextCursor}`);
    expect(page2.members.map((m: { email: string }) => m.email)).toEqual(['anna.b@example.org']);
    expect((await names('ann', `&limit=1&cursor=${page2.nextCursor}`))).toEqual({ members: [], nextCursor: null });
  });

  it('refuses an over-long search with 400 invalid_query, and another shop gets 404', async () => {
    const bad = await call('GET', `/segments/${segmentId}/members?q=${'a'.repeat(201)}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_query');
    createShopQueries(t.db).ensure('other-shop.myshopify.com', NOW);
    expect((await call('GET', `/segments/${segmentId}/members?q=ann`, undefined, 'other-shop.myshopify.com')).status).toBe(404);
  });
});
