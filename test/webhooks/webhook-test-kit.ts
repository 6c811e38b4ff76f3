import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApp, type AppDeps } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { fixedClock, type Clock } from '../../server/clock.js';
import { openDatabase, type Db } from '../../server/db/open-database.js';
import { createShopQueries } from '../../server/db/shops.js';
import { silentLogger, type Logger } from '../../server/logger.js';
import type { TestApp } from '../helpers/start-test-app.js';

const SAMPLES = fileURLToPath(new URL('../../../shared/contracts/shopify-webhooks/', import.meta.url));

/** Shopify's published sample payload, read from the shared contracts (never copied into the repo). */
export function readSample(file: string): string {
  const path = SAMPLES + file;
  if (!existsSync(path)) throw new Error(`Shopify sample payload missing: ${path} (see /work/shared/contracts/README.md)`);
  return readFileSync(path, 'utf8');
}

/** Signs as Shopify does: base64 HMAC-SHA256 of the raw body with the app's API secret. */
export const signWebhook = (body: string | Buffer, secret: string): string =>
  createHmac('sha256', secret).update(body).digest('base64');

export interface DeliveryOptions {
  topic?: string;
  shop?: string;
  eventId?: string | null;
  webhookId?: string | null;
  triggeredAt?: string;
  secret: string;
  /** Overrides the computed signature; null leaves the header out. */
  hmac?: string | null;
  contentType?: string | null;
}

/** POSTs a webhook the way Shopify delivers it. */
export async function deliver(baseUrl: string, body: string, o: DeliveryOptions): Promise<Response> {
  const headers: Record<string, string> = {
    'x-shopify-topic': o.topic ?? 'orders/create',
    'x-shopify-shop-domain': o.shop ?? 'demo-shop.myshopify.com',
    'x-shopify-api-version': '2026-07',
    'x-shopify-triggered-at': o.triggeredAt ?? '2026-11-28T21:00:00.000Z',
  };
  if (o.contentType !== null) headers['content-type'] = o.contentType ?? 'application/json';
  const webhookId = o.webhookId === undefined ? randomUUID() : o.webhookId;
  if (webhookId !== null) headers['x-shopify-webhook-id'] = webhookId;
  if (o.eventId !== null) headers['x-shopify-event-id'] = o.eventId ?? randomUUID();
  const hmac = o.hmac === undefined ? signWebhook(body, o.secret) : o.hmac;
  if (hmac !== null) headers['x-shopify-hmac-sha256'] = hmac;
  return fetch(`${baseUrl}/webhooks`, { method: 'POST', headers, body });
}

/** A test app whose stop() keeps the SQLite file (a restart opens it again). */
export type WebhookTestApp = Omit<TestApp, 'dir'>;

/**
 * Like test/helpers/start-test-app.ts, on a given SQLite file and with the webhook options of createApp,
 * so a test can stop one app and start another on the same file (a restart after a crash).
 */
export async function startWebhookTestApp(options: {
  databasePath: string;
  clock?: Clock;
  logger?: Logger;
  webhookHandlers?: AppDeps['webhookHandlers'];
  runWebhookJobs?: boolean;
}): Promise<WebhookTestApp> {
  const config = loadConfig({ DATABASE_PATH: options.databasePath, LOG_LEVEL: 'silent', INGEST_FLUSH_MS: '1' });
  const clock = options.clock ?? fixedClock(Date.now());
  const db = openDatabase(config.databasePath);
  const shop = createShopQueries(db).ensure(config.demo.shop, clock.now(), config.demo.ingestKey);
  const app = createApp({
    db, clock, config, logger: options.logger ?? silentLogger,
    webhookHandlers: options.webhookHandlers ?? {}, runWebhookJobs: options.runWebhookJobs,
  });
  const server: Server = await new Promise((resolve) => {
    const s = createServer(app.listener).listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db, app, config, clock, shop,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await app.close();
      db.close();
    },
  };
}

export interface JobRow {
  id: number;
  shop_id: number;
  kind: string;
  topic: string;
  payload: string | null;
  event_id: string;
  triggered_at: number | null;
  status: string;
  attempts: number;
  run_after: number;
  last_error: string | null;
}

export const jobsIn = (db: Db): JobRow[] => db.prepare('SELECT * FROM jobs ORDER BY id').all() as JobRow[];
export const deliveriesIn = (db: Db) => db.prepare('SELECT * FROM webhook_deliveries ORDER BY received_at').all();

/** Waits (real time) until `check` holds, for work the runner does after the response. */
export async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A logger that keeps every line, to assert what was (not) logged. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (msg: string, fields?: object) => { lines.push(JSON.stringify({ level, msg, ...fields })); };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
