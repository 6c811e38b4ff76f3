import { Router } from 'express';
import type { AppConfig } from '../config.js';
import type { Clock } from '../clock.js';
import type { ShopQueries } from '../db/shops.js';
import type { Logger } from '../logger.js';
import type { Db } from '../db/open-database.js';
import { signSessionToken } from '../auth/sign-session-token.js';
import { createAppProxyRouter } from './create-app-proxy-router.js';
import { createDemoStoreRouter } from './store/create-demo-store-router.js';
import { STORE_BASE } from './store/render-store-layout.js';
import { createWebhookInboxRouter } from './webhook-inbox/create-webhook-inbox-router.js';

export interface DemoRouterDeps {
  config: AppConfig;
  clock: Clock;
  shops: ShopQueries;
  logger: Logger;
  /** The demo webhook inbox reads the demo shop's webhook destinations (their signing secrets). */
  db: Db;
}

/** Routes that exist only in demo mode: the demo session token, the simulated storefront and app proxy, the webhook inbox. */
export function createDemoRouter(deps: DemoRouterDeps): Router {
  const router = Router();
  // Outside Shopify there is no App Bridge to issue session tokens, so the demo server signs one
  // for the demo shop and the admin sends it through the very same verification as in production.
  router.get('/demo/session-token', (_req, res) => {
    const token = signSessionToken(deps.config.shopify.apiSecret, {
      shop: deps.config.demo.shop,
      apiKey: deps.config.shopify.apiKey,
      // Wall-clock on purpose: the verifier checks exp/nbf against real time, not the injected clock.
    });
    res.set('Cache-Control', 'no-store').json({ token, shop: deps.config.demo.shop, apiKey: deps.config.shopify.apiKey });
  });
  router.use(STORE_BASE, createDemoStoreRouter({ shop: deps.config.demo.shop, ingestKey: deps.config.demo.ingestKey, logger: deps.logger }));
  router.use(createAppProxyRouter({ config: deps.config, clock: deps.clock }));
  router.use(createWebhookInboxRouter({ db: deps.db, config: deps.config, clock: deps.clock, logger: deps.logger }));
  return router;
}
