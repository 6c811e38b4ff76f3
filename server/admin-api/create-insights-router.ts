import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config.js';
import type { Db } from '../db/open-database.js';
import { createAppEmbedQueries } from '../db/app-embed-queries.js';
import { createSegmentQueries } from '../db/segment-queries.js';
import { createStoreMetricsQueries } from '../db/store-metrics-queries.js';
import { authOf } from '../auth/require-session-token.js';
import { badRequest } from '../errors.js';
import { buildAppEmbedReport } from './build-app-embed-report.js';
import { buildHomeReport } from './build-home-report.js';
import { createStoreFigures } from './create-store-figures.js';
import { describeIssue } from './segment-schemas.js';

const DAY_MS = 86_400_000;
const HOME_WINDOW_DAYS = 30;
/** How far back "the last storefront / pixel event" is looked for: older than this shows as none. */
const LAST_EVENT_LOOKBACK_DAYS = 90;
const STOREFRONT_SOURCES = ['storefront', 'demo-seed'];
const PIXEL_SOURCES = ['pixel'];

const WindowQuery = z.object({ days: z.coerce.number().int().min(7).max(90).default(30) });

/** GET /api/home, /api/store-metrics, /api/funnel (docs/api.md#home-and-store-figures). */
export function createInsightsRouter(deps: { db: Db; clock: Clock; config: Pick<AppConfig, 'demoMode' | 'shopify'> }): Router {
  const storeFigures = createStoreFigures(deps);
  const events = createStoreMetricsQueries(deps.db);
  const appEmbeds = createAppEmbedQueries(deps.db);
  const segments = createSegmentQueries(deps.db);
  const router = Router();

  const windowOf = (query: unknown) => {
    const q = WindowQuery.safeParse(query);
    if (!q.success) throw badRequest('invalid_query', `${describeIssue(q.error)} days is a whole number from 7 to 90.`);
    return q.data.days;
  };

  router.get('/store-metrics', (req, res) => {
    const { shop } = authOf(res.locals);
    res.set('Cache-Control', 'no-store').json(storeFigures(shop.id, windowOf(req.query)).metrics);
  });

  router.get('/funnel', (req, res) => {
    const { shop } = authOf(res.locals);
    res.set('Cache-Control', 'no-store').json(storeFigures(shop.id, windowOf(req.query)).funnel);
  });

  router.get('/home', (_req, res) => {
    const { shop } = authOf(res.locals);
    const now = deps.clock.now();
    const lookback = now - LAST_EVENT_LOOKBACK_DAYS * DAY_MS;
    const lastPixelEventAt = events.lastEventAt(shop.id, PIXEL_SOURCES, lookback);
    res.set('Cache-Control', 'no-store').json(buildHomeReport({
      shop: shop.domain,
      now,
      demoMode: deps.config.demoMode,
      appEmbed: buildAppEmbedReport({ shop: shop.domain, apiKey: deps.config.shopify.apiKey, demoMode: deps.config.demoMode, now, stored: appEmbeds.of(shop.id) }),
      lastStorefrontEventAt: events.lastEventAt(shop.id, STOREFRONT_SOURCES, lookback),
      lastPixelEventAt,
      pixelRecent: lastPixelEventAt !== null && lastPixelEventAt >= now - 7 * DAY_MS,
      eventsLast24h: events.eventsSince(shop.id, now - DAY_MS),
      figures: storeFigures(shop.id, HOME_WINDOW_DAYS),
      segments: segments.list(shop.id),
    }));
  });

  return router;
}
