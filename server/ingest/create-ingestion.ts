import { Router } from 'express';
import type { AppConfig } from '../config.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import type { ShopQueries } from '../db/shops.js';
import type { IdentityResolver } from '../identity/create-identity-resolver.js';
import type { Logger } from '../logger.js';
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
  /** Mounts POST /collect and POST /proxy/collect (with their own body limit and CORS). */
  router: Router;
  /** Synchronous batch writer (also used by the demo seed). */
  writer: EventWriter;
  /** Flushes events still waiting for group commit. */
  close(): Promise<void>;
}

// PLACEHOLDER (being replaced by the ingestion work).
export function createIngestion(_deps: IngestionDeps): Ingestion {
  return {
    router: Router(),
    writer: { writeBatch: () => ({ accepted: 0, duplicates: 0 }) },
    close: async () => {},
  };
}
