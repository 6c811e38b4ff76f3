import express, { type Express } from 'express';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from './config.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open-database.js';
import type { Logger } from './logger.js';
import { migrations } from './db/migrations/index.js';
import { createShopQueries } from './db/shops.js';
import { createShopifyApi } from './shopify/create-shopify-api.js';
import { requireSessionToken } from './auth/require-session-token.js';
import { createShopifyAuth, type ShopifyAuth } from './auth/create-shopify-auth.js';
import { createIdentityResolver } from './identity/create-identity-resolver.js';
import { createIngestion, type Ingestion } from './ingest/create-ingestion.js';
import { createAdminApiRouter } from './admin-api/create-admin-api-router.js';
import { renderAdminDocument } from './admin-api/render-admin-document.js';
import { createDemoRouter } from './demo/create-demo-router.js';
import { errorHandler, notFound } from './errors.js';
import { createWebhookQueries } from './db/webhook-queries.js';
import { createWebhookRoute } from './webhooks/create-webhook-route.js';
import { createWebhookRunner, type WebhookRunner } from './webhooks/create-webhook-runner.js';
import type { WebhookHandler } from './webhooks/webhook-handler.js';
import { WEBHOOK_HANDLERS } from './webhooks/handlers/index.js';
import { createSegmentEngine, type SegmentEngine } from './segments/live/create-segment-engine.js';
import { createSegmentRouter } from './admin-api/create-segment-router.js';
import { createSegmentExportRouter } from './admin-api/create-segment-export-router.js';
import { createDestinationRouter } from './admin-api/create-destination-router.js';
import { createInsightsRouter } from './admin-api/create-insights-router.js';
import { createSettingsRouter, DEFAULT_RETENTION_DAYS } from './admin-api/create-settings-router.js';
import { createProfileEventsRouter } from './admin-api/create-profile-events-router.js';
import { createRecomputeRouter } from './admin-api/create-recompute-router.js';
import { createRetentionJob } from './retention/create-retention-job.js';
import { createDestinationSync, type DestinationSync } from './destinations/sync/create-destination-sync.js';


export interface AppDeps {
  db: Db;
  clock: Clock;
  config: AppConfig;
  logger: Logger;
  /** Topic → handler for webhook jobs; WEBHOOK_HANDLERS unless a test passes its own. */
  webhookHandlers?: Readonly<Record<string, WebhookHandler>>;
  /** false: accept webhooks into the job table but run none (another process does; tests simulate a crash). */
  runWebhookJobs?: boolean;
  /** false: do not poll the segment engine (tests and the benchmark drive it with runOnce/drain). */
  runSegmentEngine?: boolean;
  /** false: do not start the hourly data-retention job (tests call runRetention directly). */
  runRetention?: boolean;
  /** false: do not poll for destination syncs (tests drive them with destinations.runDue/drain). */
  runDestinationSync?: boolean;
}

export interface App {
  express: Express;
  /**
   * The HTTP request listener to serve: the collect routes answer before Express dresses up the
   * request (that setup alone cuts a bare node:http server's rate to a third, docs/performance.md);
   * everything else goes to Express.
   */
  listener(req: IncomingMessage, res: ServerResponse): void;
  ingestion: Ingestion;
  webhooks: WebhookRunner;
  /** Traits, RFM and live segment memberships (server/segments/live/). */
  segments: SegmentEngine;
  /** Syncs linked segments to destinations (server/destinations/sync/). */
  destinations: DestinationSync;
  /** Sessions, token exchange/refresh, OAuth and Admin GraphQL clients per shop. */
  shopifyAuth: ShopifyAuth;
  /** Flushes pending work (group commit). Call after the HTTP server stopped accepting requests. */
  close(): Promise<void>;
}

const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

export function createApp(deps: AppDeps): App {
  const { db, clock, config, logger } = deps;
  const shops = createShopQueries(db);
  const api = createShopifyApi(config);
  const shopifyAuth = createShopifyAuth({ db, clock, config, logger, api });
  const identity = createIdentityResolver(db);
  const ingestion = createIngestion({ db, clock, config, logger, shops, identity });
  const latestMigration = Math.max(...migrations.map((m) => m.id));
  const appliedMigration = db.prepare('SELECT MAX(id) FROM schema_migrations').pluck();
  const runWebhookJobs = deps.runWebhookJobs ?? true;
  const webhooks = createWebhookRunner({ db, clock, logger, handlers: deps.webhookHandlers ?? WEBHOOK_HANDLERS });
  if (runWebhookJobs) webhooks.start();
  const segments = createSegmentEngine({ db, clock, logger, options: config.segments });
  if (deps.runSegmentEngine ?? true) segments.start();
  const retention = createRetentionJob({ db, clock, logger, defaultDays: DEFAULT_RETENTION_DAYS });
  if (deps.runRetention ?? true) retention.start();
  const destinations = createDestinationSync({ db, clock, config, logger, graphqlFor: shopifyAuth.graphqlFor });
  if (deps.runDestinationSync ?? true) destinations.start();

  const app = express();
  app.disable('x-powered-by');
  // Behind Shopify's app proxy and common hosts the client address arrives in X-Forwarded-For.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');

  // Order matters (docs/ARCHITECTURE.md):
  // 1. health, no auth, no body.
  app.get('/healthz', (_req, res) => {
    const ok = appliedMigration.get() === latestMigration;
    res.status(ok ? 200 : 503).json({ ok });
  });
  // 1b. Shopify webhooks: raw body (the HMAC covers the exact bytes), so before any JSON parser.
  app.use(createWebhookRoute({
    apiSecret: config.shopify.apiSecret, clock, logger, shops, webhooks: createWebhookQueries(db),
    onAccepted: () => { if (runWebhookJobs) webhooks.kick(); },
  }));
  // 2. the admin API, behind session-token auth, JSON bodies only.
  app.use('/api', requireSessionToken({ api, shops, install: shopifyAuth.install }), express.json({ limit: '256kb' }), createAdminApiRouter({ db, clock, config }),
    // Before the segment router, whose /segments/:id would otherwise take /segments/recompute.
    createInsightsRouter({ db, clock, config }), createSettingsRouter({ db, clock, config }), createProfileEventsRouter({ db }),
    createRecomputeRouter({ recompute: segments.background }), createSegmentExportRouter({ db, clock }),
    createDestinationRouter({ db, clock, config, destinations }),
    createSegmentRouter({ db, clock, evaluateSegment: (shopId, segmentId) => segments.evaluateSegment(shopId, segmentId) }));
  app.use('/api', (_req, _res, next) => next(notFound('not_found', 'No such API route.')));
  // 2b. the authorization-code install (/auth, /auth/callback), outside demo mode only.
  if (shopifyAuth.oauthRouter) app.use(shopifyAuth.oauthRouter);
  // 3. demo-only routes: the simulated storefront, app proxy and a demo session token.
  if (config.demoMode) app.use(createDemoRouter({ config, clock, shops, logger, db }));
  // 4. the admin document and its assets. Inside Shopify it is framed by the admin, so say who may frame it.
  app.use((req, res, next) => {
    const shop = typeof req.query.shop === 'string' && /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(req.query.shop) ? req.query.shop : null;
    res.setHeader('Content-Security-Policy', `frame-ancestors ${shop ? `https://${shop} ` : ''}https://admin.shopify.com;`);
    next();
  });
  // Vite puts a content hash in every asset name, so a cached asset is never stale.
  app.use('/assets', express.static(join(WEB_DIST, 'assets'), { index: false, immutable: true, maxAge: '1y' }));
  // Read per request (a few KB) so a rebuild while the server runs is picked up, and App Bridge is
  // filled in for the mode: loaded from Shopify's CDN in production, absent in the offline demo.
  app.get(/^\/(?!api\/|demo\/|proxy\/|assets\/|collect$).*/, async (_req, res) => {
    const template = await readFile(join(WEB_DIST, 'index.html'), 'utf8').catch(() => null);
    if (template === null) {
      res.status(503).type('text/plain').send('The admin is not built yet. Run `npm run build` (npm start does it for you).');
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(renderAdminDocument(template, { demoMode: config.demoMode, apiKey: config.shopify.apiKey }));
  });
  app.use((_req, _res, next) => next(notFound('not_found', 'No such route.')));
  app.use(errorHandler((err) => logger.error('unhandled error', { error: err instanceof Error ? err.message : String(err) })));

  return {
    express: app,
    listener: (req, res) => {
      if (!ingestion.handle(req, res)) app(req, res);
    },
    ingestion,
    webhooks,
    segments,
    destinations,
    shopifyAuth,
    close: async () => {
      await webhooks.stop();
      retention.stop();
      await segments.stop();
      await destinations.stop();
      await shopifyAuth.settled();
      await ingestion.close();
    },
  };
}
