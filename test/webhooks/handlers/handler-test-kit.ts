import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { fixedClock } from '../../../server/clock.js';
import { openDatabase, type Db } from '../../../server/db/open-database.js';
import { createShopQueries, type ShopRow } from '../../../server/db/shops.js';
import { createIdentityResolver } from '../../../server/identity/create-identity-resolver.js';
import type { Identifier } from '../../../server/identity/identifier.js';
import { createEventWriter } from '../../../server/ingest/create-event-writer.js';
import type { StoredEvent } from '../../../server/ingest/stored-event.js';
import { silentLogger } from '../../../server/logger.js';
import type { WebhookContext, WebhookHandler } from '../../../server/webhooks/webhook-handler.js';

/** Shopify's published sample payloads, shared by every webhook test (never copied into the repo). */
export const SAMPLES_DIR = resolve(fileURLToPath(new URL('../../../', import.meta.url)), '../shared/contracts/shopify-webhooks');

/**
 * A sample payload, parsed as the job runner parses it (JSON.parse: ids above 2^53 lose their last
 * digits, which is why handlers read admin_graphql_api_id). Fails with a clear message when missing.
 */
export function loadSample(name: string): Record<string, unknown> {
  const file = join(SAMPLES_DIR, `${name}.json`);
  if (!existsSync(file)) {
    throw new Error(`Shopify sample payload ${name}.json is missing from ${SAMPLES_DIR}: these tests need ../shared/contracts/shopify-webhooks/ next to the repository`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

export interface HandlerTestDb {
  db: Db;
  shop: ShopRow;
  clock: ReturnType<typeof fixedClock>;
  ctx: WebhookContext;
  /** Runs the handler as the job runner does: inside one transaction. Each call is a new Shopify event unless eventId is given. */
  deliver(handler: WebhookHandler, topic: string, payload: unknown, options?: { triggeredAt?: number | null; eventId?: string; shop?: ShopRow }): void;
  /** A storefront event through the app's event writer (the /collect path): identity stitching included. */
  browse(identifiers: Identifier[], at: number, name?: string, shop?: ShopRow): string;
  count(sql: string, ...params: unknown[]): number;
  close(): void;
}

export const NOW = Date.parse('2026-11-28T12:00:00Z');

export function openHandlerTestDb(): HandlerTestDb {
  const dir = mkdtempSync(join(tmpdir(), 'shopper-segments-handlers-'));
  const db = openDatabase(join(dir, 'app.db'));
  const clock = fixedClock(NOW);
  const shop = createShopQueries(db).ensure('handler-test.myshopify.com', NOW - 86_400_000);
  const ctx: WebhookContext = { db, clock, logger: silentLogger };
  const writer = createEventWriter({ db, identity: createIdentityResolver(db) });
  return {
    db,
    shop,
    clock,
    ctx,
    deliver(handler, topic, payload, options = {}) {
      const target = options.shop ?? shop;
      db.transaction(() => handler({
        topic,
        shopId: target.id,
        shopDomain: target.domain,
        payload,
        triggeredAt: options.triggeredAt === undefined ? null : options.triggeredAt,
        eventId: options.eventId ?? randomUUID(),
      }, ctx))();
    },
    browse(identifiers, at, name = 'Product_Viewed', target = shop) {
      const event: StoredEvent = {
        eventId: randomUUID(), name, occurredAt: at, receivedAt: at, timeFlagged: false,
        visitorId: identifiers.find((i) => i.kind === 'visitor')?.value ?? null, sessionId: 's1',
        cartToken: identifiers.find((i) => i.kind === 'cart')?.value ?? null, checkoutToken: null,
        identifiers, device: 'desktop', os: 'macOS', browser: 'Safari', pagePath: '/products/aviator', referrerHost: null,
        properties: { productId: '788032119674292922' }, consent: { marketing: true, saleOfData: true, gpc: false }, source: 'storefront',
      };
      writer.writeBatch(target.id, [event]);
      return event.eventId;
    },
    count: (sql, ...params) => db.prepare(sql).pluck().get(...params) as number,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every text or number cell of every table (name, column, value), for "nothing left anywhere" scans. */
export function everyCell(db: Db): { table: string; column: string; value: unknown }[] {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  const cells: { table: string; column: string; value: unknown }[] = [];
  for (const table of tables) {
    for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
      for (const [column, value] of Object.entries(row)) cells.push({ table, column, value });
    }
  }
  return cells;
}
