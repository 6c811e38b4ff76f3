import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { fixedClock } from '../../server/clock.js';
import { createShopQueries } from '../../server/db/shops.js';
import { createSegmentQueries, type SegmentRow } from '../../server/db/segment-queries.js';
import { buildHomeReport } from '../../server/admin-api/build-home-report.js';
import { buildFunnel } from '../../server/analytics/build-funnel.js';
import { buildStoreMetrics } from '../../server/analytics/build-store-metrics.js';
import { adminApiClient, insertProfileEvents } from './admin-api-client.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('GET /api/home', () => {
  let t: TestApp;
  const call = adminApiClient(() => t);

  beforeAll(async () => {
    t = await startTestApp({ clock: fixedClock(NOW) });
    insertProfileEvents(t.db, t.shop.id, [
      { name: 'Product_Viewed', at: NOW - 2 * HOUR, session: 'a' },
      { name: 'Checkout_Completed', at: NOW - 30 * HOUR, session: 'b', source: 'pixel', device: 'desktop' },
      { name: 'Page_Viewed', at: NOW - 3 * DAY, session: 'c', source: 'demo-seed' },
    ]);
    const segments = createSegmentQueries(t.db);
    const add = (name: string, channel: string, plan: string, members: number, status: 'active' | 'paused' = 'active') => {
      const id = segments.insert(t.shop.id, { templateKey: null, name, description: '', query: 'sessions >= 1', kpi: 'conversion_rate', activationChannel: channel, activationPlan: plan, refreshPolicy: 'live', status }, NOW);
      t.db.prepare('UPDATE segments SET member_count = ?, refreshed_at = ? WHERE id = ?').run(members, NOW - 10 * 60_000, id);
      return id;
    };
    add('Small', 'email', 'Own plan', 5);
    add('Biggest', 'email', 'Same plan', 300);
    add('Second', 'email', 'Same plan', 200);
    add('Third', 'none', '', 100);
    add('Paused big', 'sms', 'x', 999, 'paused');
  });
  afterAll(async () => { await t?.stop(); });

  it('reports tracking, store figures, the funnel and the self-audit of the 3 largest active segments', async () => {
    const { status, body } = await call('GET', '/home');
    expect(status).toBe(200);
    expect(body.shop).toBe('demo-shop.myshopify.com');
    expect(body.tracking).toMatchObject({
      // Demo mode: the simulated storefront always runs the tracker and the pixel.
      appEmbedActive: true, webPixelConnected: true, eventsLast24h: 1,
      lastStorefrontEventAt: new Date(NOW - 2 * HOUR).toISOString(), lastPixelEventAt: new Date(NOW - 30 * HOUR).toISOString(),
    });
    expect(body.tracking.steps.map((s: { key: string; done: boolean }) => [s.key, s.done])).toEqual([['app_embed', true], ['web_pixel', true], ['first_events', true]]);
    expect(body.tracking.steps[0].actionUrl).toMatch(/^https:\/\/demo-shop\.myshopify\.com\/admin\/themes\/current\/editor\?context=apps&activateAppId=/);
    expect(body.metrics.conversionRate.all).toEqual({ value: 0.3333, numerator: 1, denominator: 3 });
    expect(body.funnel.steps[0].counts.all).toBe(3);
    expect(body.audit.segments.map((s: { name: string; distinctActivation: boolean; memberCount: number }) => [s.name, s.memberCount, s.distinctActivation]))
      .toEqual([['Biggest', 300, false], ['Second', 200, false], ['Third', 100, false]]);
    expect(body.audit.segments[0]).toMatchObject({ activation: { channel: 'email', plan: 'Same plan' }, refreshedAt: new Date(NOW - 10 * 60_000).toISOString(), stale: true });
    expect(body.audit.warnings).toEqual([expect.objectContaining({ code: 'segment_stale' })]);
  });

  it('shows another shop nothing of this one', async () => {
    createShopQueries(t.db).ensure('other-shop.myshopify.com', NOW);
    const { body } = await call('GET', '/home', undefined, 'other-shop.myshopify.com');
    expect(body.tracking).toMatchObject({ eventsLast24h: 0, lastStorefrontEventAt: null, lastPixelEventAt: null });
    expect(body.audit).toEqual({ segments: [], warnings: [] });
    expect(body.metrics.conversionRate.all.denominator).toBe(0);
  });
});

describe('buildHomeReport outside demo mode', () => {
  const base = {
    shop: 'a-shop.myshopify.com', now: NOW, demoMode: false, lastStorefrontEventAt: null, lastPixelEventAt: NOW - 8 * DAY, pixelRecent: false, eventsLast24h: 0,
    appEmbed: { shop: 'a-shop.myshopify.com', active: null, themeName: null, checkedAt: null, activateUrl: 'https://a-shop.myshopify.com/admin/themes/current/editor?x' },
    figures: { metrics: buildStoreMetrics({ days: 30, now: NOW, sessions: [], recovery: { abandoned: 0, recovered: 0 } }), funnel: buildFunnel(30, []) },
    segments: [] as SegmentRow[],
  };

  it('says what is missing, with the deep links to fix it', () => {
    const report = buildHomeReport(base);
    expect(report.tracking).toMatchObject({ appEmbedActive: null, webPixelConnected: false, lastPixelEventAt: new Date(NOW - 8 * DAY).toISOString() });
    expect(report.tracking.steps).toEqual([
      expect.objectContaining({ key: 'app_embed', done: false, actionUrl: base.appEmbed.activateUrl }),
      expect.objectContaining({ key: 'web_pixel', done: false, actionUrl: 'https://a-shop.myshopify.com/admin/settings/customer_events' }),
      expect.objectContaining({ key: 'first_events', done: false, actionUrl: null }),
    ]);
    expect(report.metrics.conversionRate.all.value).toBeNull();
    expect(buildHomeReport({ ...base, pixelRecent: true }).tracking.webPixelConnected).toBe(true);
  });
});
