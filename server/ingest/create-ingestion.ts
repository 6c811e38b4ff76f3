import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { isbot } from 'isbot';
import type { AppConfig } from '../config.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import type { ShopQueries } from '../db/shops.js';
import type { IdentityResolver } from '../identity/create-identity-resolver.js';
import type { Logger } from '../logger.js';
import { createCollectHandlers } from './create-collect-handlers.js';
import { createEventWriter } from './create-event-writer.js';
import { createGroupCommit } from './create-group-commit.js';
import { createRateLimiter } from './create-rate-limiter.js';
import { createShopLookup } from './create-shop-lookup.js';
import { createDeviceDescriber } from './create-device-describer.js';
import { memoizeByString } from './memoize-by-string.js';
import type { EventWriter } from './stored-event.js';

export interface IngestionDeps {
  db: Db;
  clock: Clock;
  config: AppConfig;
  logger: Logger;
  shops: ShopQueries;
  identity: IdentityResolver;
}

export interface Ingestion {
  /**
   * Serves POST /collect (with CORS and its preflight) and POST /proxy/collect for a plain node:http
   * request, before Express sets it up (App.listener in app.ts). Returns false for any other request.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Synchronous batch writer (also used by the demo seed). */
  writer: EventWriter;
  /** Flushes events still waiting for group commit. */
  close(): Promise<void>;
}

/** How long a shop row is trusted before it is read again (an uninstall takes effect within this). */
const SHOP_CACHE_MS = 5000;

export function createIngestion(deps: IngestionDeps): Ingestion {
  const { db, config, logger } = deps;
  const writer = createEventWriter({ db, identity: deps.identity });
  const commits = createGroupCommit({ writer, logger, flushMs: config.ingest.flushMs });
  // Rate limits follow real elapsed time, not the injected clock (which tests and the seed may freeze).
  const now = () => performance.now();
  const handlers = createCollectHandlers({
    config,
    clock: deps.clock,
    shopByDomain: createShopLookup(deps.shops, { ttlMs: SHOP_CACHE_MS, now }),
    logger,
    commits,
    ipLimiter: createRateLimiter({ perSecond: config.rateLimit.perIp, now }),
    shopLimiter: createRateLimiter({ perSecond: config.rateLimit.perShop, now }),
    isBot: memoizeByString((ua) => isbot(ua)),
    describeDevice: createDeviceDescriber(),
  });

  return {
    handle(req, res) {
      const url = req.url ?? '';
      const end = url.indexOf('?');
      const path = end === -1 ? url : url.slice(0, end);
      if (path === '/collect') {
        if (req.method === 'POST') handlers.collect(req, res);
        else if (req.method === 'OPTIONS') handlers.preflight(req, res);
        else return false;
        return true;
      }
      if (path === '/proxy/collect' && req.method === 'POST') {
        handlers.proxyCollect(req, res);
        return true;
      }
      return false;
    },
    writer: { writeBatch: (shopId, events) => writer.writeBatch(shopId, events) },
    close: () => commits.close(),
  };
}
