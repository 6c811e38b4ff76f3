import type { AppConfig } from '../config.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import { createShopQueries } from '../db/shops.js';
import type { EventWriter } from '../ingest/stored-event.js';
import type { Logger } from '../logger.js';

export interface PrepareDemoShopDeps {
  db: Db;
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  writer: EventWriter;
}

// PLACEHOLDER (being replaced by the demo work): creates the demo shop; the seed comes later.
export async function prepareDemoShop(deps: PrepareDemoShopDeps): Promise<void> {
  createShopQueries(deps.db).ensure(deps.config.demo.shop, deps.clock.now(), deps.config.demo.ingestKey);
}
