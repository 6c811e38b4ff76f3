import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config.js';
import type { Db } from '../db/open-database.js';
import { createOverviewQueries } from '../db/overview-queries.js';
import { createAppEmbedQueries } from '../db/app-embed-queries.js';
import { createImportQueries } from '../db/import-queries.js';
import { authOf } from '../auth/require-session-token.js';
import { badRequest } from '../errors.js';
import { buildOverview, HOUR_MS, utcDay } from './build-overview.js';
import { buildAppEmbedReport } from './build-app-embed-report.js';

// Unknown parameters are ignored (the admin may add its own); known ones are bounded.
const OverviewQuery = z.object({
  hours: z.coerce.number().int().min(1).max(720).default(24),
});

const MAX_VIOLATIONS = 100;

/** The admin's JSON API, mounted under /api after requireSessionToken: every read is for the token's shop only. */
export function createAdminApiRouter(deps: { db: Db; clock: Clock; config: Pick<AppConfig, 'demoMode' | 'shopify'> }): Router {
  const queries = createOverviewQueries(deps.db);
  const appEmbeds = createAppEmbedQueries(deps.db);
  const imports = createImportQueries(deps.db);
  const router = Router();

  router.get('/overview', (req, res) => {
    const parsed = OverviewQuery.safeParse(req.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badRequest('invalid_query', `Invalid query parameter "${issue?.path.join('.')}": ${issue?.message}. hours is a whole number from 1 to 720.`);
    }
    const { hours } = parsed.data;
    const { shop } = authOf(res.locals);
    const now = deps.clock.now();
    const since = now - hours * HOUR_MS;
    res.set('Cache-Control', 'no-store').json(buildOverview({
      shop: shop.domain,
      now,
      hours,
      totals: { profiles: queries.totalProfiles(shop.id), events: queries.totalEvents(shop.id) },
      eventCounts: queries.eventCountsSince(shop.id, since),
      ingestToday: queries.ingestCounters(shop.id, utcDay(now), utcDay(now)),
      ingestWindow: queries.ingestCounters(shop.id, utcDay(since), utcDay(now)),
      violations: queries.taxonomyViolations(shop.id, MAX_VIOLATIONS),
    }));
  });

  router.get('/app-embed', (_req, res) => {
    const { shop } = authOf(res.locals);
    res.set('Cache-Control', 'no-store').json(buildAppEmbedReport({
      shop: shop.domain, apiKey: deps.config.shopify.apiKey, demoMode: deps.config.demoMode, now: deps.clock.now(), stored: appEmbeds.of(shop.id),
    }));
  });

  // The order-history import, for the admin's progress bar. `percent` follows the JSONL lines read
  // (orders and their line items), which is what Shopify's objectCount counts.
  router.get('/order-import', (_req, res) => {
    const { shop } = authOf(res.locals);
    const row = imports.latestOfShop(shop.id);
    const percent = row === undefined ? null
      : row.status === 'done' ? 100
      : row.objectCount ? Math.min(99, Math.floor((row.linesDone / row.objectCount) * 100)) : 0;
    res.set('Cache-Control', 'no-store').json(row === undefined
      ? { status: 'none', importedOrders: 0, percent: null, error: null }
      : { status: row.status, importedOrders: row.importedCount, percent, error: row.error, updatedAt: new Date(row.updatedAt).toISOString() });
  });

  return router;
}
