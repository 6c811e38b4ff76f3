import type { AppConfig } from '../config.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import { createShopQueries } from '../db/shops.js';
import { createDemoSeedQueries } from '../db/demo-seed-queries.js';
import type { EventWriter } from '../ingest/stored-event.js';
import type { Logger } from '../logger.js';
import { DEFAULT_DEMO_SEED } from './generate-demo-history.js';
import { seedDemoShop } from './seed-demo-shop.js';
import { installTemplateSegments } from '../segments/templates/install-template-segments.js';
import { installDemoWebhookInbox } from './webhook-inbox/install-demo-webhook-inbox.js';

export interface PrepareDemoShopDeps {
  db: Db;
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  writer: EventWriter;
  /**
   * Where the demo webhook inbox is served (demoWebhookInboxUrl): given, the shop gets the "Demo webhook
   * inbox" destination once. Opt-in, so callers that expect an empty Destinations page get one.
   */
  webhookInboxUrl?: string | null;
}

/**
 * Demo mode start-up: makes sure the demo shop exists with its documented ingest key and, the first
 * time only (the shop has no events yet), seeds config.demo.shoppers shoppers over config.demo.days days.
 * A restart, or a shop that already received live events, is left as it is.
 */
export async function prepareDemoShop(deps: PrepareDemoShopDeps): Promise<void> {
  const { config, logger } = deps;
  const shop = createShopQueries(deps.db).ensure(config.demo.shop, deps.clock.now(), config.demo.ingestKey);
  const events = createDemoSeedQueries(deps.db);
  installTemplateSegments(deps.db, shop.id, deps.clock.now());
  if (deps.webhookInboxUrl) {
    const inbox = installDemoWebhookInbox({ db: deps.db, encryptionKey: config.encryptionKey, shopId: shop.id, url: deps.webhookInboxUrl, now: deps.clock.now() });
    if (inbox.created) logger.info('demo webhook inbox destination added', { destinationId: inbox.destinationId, linkedSegmentId: inbox.linkedSegmentId });
  }
  if (events.hasEvents(shop.id)) {
    logger.info('demo shop ready', { shop: shop.domain, events: events.countEvents(shop.id) });
    return;
  }
  if (config.demo.shoppers === 0) {
    logger.info('demo seed skipped', { shop: shop.domain, reason: 'DEMO_SHOPPERS=0' });
    return;
  }
  logger.info('seeding demo shop', { shop: shop.domain, shoppers: config.demo.shoppers, days: config.demo.days });
  const result = await seedDemoShop(deps.writer, shop.id, {
    seed: DEFAULT_DEMO_SEED,
    shoppers: config.demo.shoppers,
    days: config.demo.days,
    now: deps.clock.now(),
  });
  logger.info('demo shop seeded', {
    shop: shop.domain,
    shoppers: result.shoppers,
    events: result.events,
    accepted: result.accepted,
    duplicates: result.duplicates,
    elapsedMs: result.elapsedMs,
    writeMs: result.writeMs,
    eventsPerSecond: Math.round(result.events / Math.max(result.elapsedMs / 1000, 0.001)),
  });
}
