import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { fixedClock } from '../../server/clock.js';
import { createShopQueries } from '../../server/db/shops.js';
import { HOUR, shopperEvent } from '../segments/live/segment-world.js';
import { adminApiClient } from './admin-api-client.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const SHOPPERS = 1200;

describe('POST/GET /api/segments/recompute', () => {
  let t: TestApp;
  let segmentId: number;
  const clock = fixedClock(NOW);
  const call = adminApiClient(() => t);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    t.app.ingestion.writer.writeBatch(t.shop.id, Array.from({ length: SHOPPERS }, (_, i) => shopperEvent(`v${i}`, 'Product_Viewed', NOW - HOUR, { productId: '1' })));
    t.app.segments.drain();
    segmentId = (await call('POST', '/segments', { name: 'Viewers', query: 'product_views >= 1', kpi: 'conversion_rate', activation: { channel: 'onsite', plan: 'x' } })).body.segment.id;
    // Lose every membership and trait, as a bug or a restore might: the recompute must rebuild them.
    t.db.prepare('DELETE FROM segment_members WHERE segment_id = ?').run(segmentId);
    t.db.prepare('DELETE FROM profile_traits WHERE shop_id = ?').run(t.shop.id);
  });
  afterAll(async () => { await t?.stop(); });

  it('is idle before any recompute', async () => {
    expect((await call('GET', '/segments/recompute')).body).toEqual({ status: 'idle', profilesDone: 0, profilesTotal: 0, startedAt: null, finishedAt: null, error: null });
  });

  it('recomputes the shop in the background with progress, one run at a time', async () => {
    clock.advance(60_000);
    const [first, second] = await Promise.all([call('POST', '/segments/recompute'), call('POST', '/segments/recompute')]);
    expect([first.status, second.status].sort()).toEqual([202, 409]);
    const started = first.status === 202 ? first : second;
    const refused = first.status === 202 ? second : first;
    expect(started.body).toMatchObject({ status: 'running', profilesDone: 0, profilesTotal: SHOPPERS, startedAt: new Date(NOW + 60_000).toISOString(), finishedAt: null });
    expect(refused.body.error.code).toBe('recompute_running');
    let status = (await call('GET', '/segments/recompute')).body;
    for (let i = 0; i < 200 && status.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      status = (await call('GET', '/segments/recompute')).body;
    }
    expect(status).toEqual({ status: 'done', profilesDone: SHOPPERS, profilesTotal: SHOPPERS, startedAt: new Date(NOW + 60_000).toISOString(), finishedAt: new Date(NOW + 60_000).toISOString(), error: null });
    expect(t.db.prepare('SELECT count(*) FROM profile_traits WHERE shop_id = ?').pluck().get(t.shop.id)).toBe(SHOPPERS);
    const segment = (await call('GET', `/segments/${segmentId}`)).body.segment;
    expect(segment).toMatchObject({ memberCount: SHOPPERS, refreshedAt: new Date(NOW + 60_000).toISOString() });
    // Done: another may start.
    expect((await call('POST', '/segments/recompute')).status).toBe(202);
  });

  it('shows another shop only its own state', async () => {
    createShopQueries(t.db).ensure('other-shop.myshopify.com', NOW);
    expect((await call('GET', '/segments/recompute', undefined, 'other-shop.myshopify.com')).body.status).toBe('idle');
  });
});
