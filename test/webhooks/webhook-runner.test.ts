import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { fixedClock } from '../../server/clock.js';
import { openDatabase, type Db } from '../../server/db/open-database.js';
import { createShopQueries, type ShopRow } from '../../server/db/shops.js';
import { createWebhookQueries } from '../../server/db/webhook-queries.js';
import { createWebhookRunner } from '../../server/webhooks/create-webhook-runner.js';
import { describeJobError } from '../../server/webhooks/describe-job-error.js';
import { verifyWebhookHmac } from '../../server/webhooks/verify-webhook-hmac.js';
import { webhookRetryDelay } from '../../server/webhooks/webhook-retry-delay.js';
import type { WebhookDelivery, WebhookHandler } from '../../server/webhooks/webhook-handler.js';
import { jobsIn, readSample, recordingLogger, signWebhook } from './webhook-test-kit.js';
import { parseShopifyJson } from '../../server/webhooks/parse-shopify-json.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');
const ORDER = readSample('orders-create.json');

describe('webhook job runner', () => {
  let dir: string;
  let db: Db;
  let shop: ShopRow;
  let clock: ReturnType<typeof fixedClock>;
  let eventSeq = 0;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'webhook-runner-'));
    db = openDatabase(join(dir, 'app.db'));
    // The handlers' observable effect, written in the runner's transaction.
    db.exec('CREATE TABLE test_effects (event_id TEXT NOT NULL, topic TEXT NOT NULL)');
    clock = fixedClock(T0);
    shop = createShopQueries(db).ensure('demo-shop.myshopify.com', T0);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const enqueue = (topic = 'orders/create', payload = ORDER) =>
    createWebhookQueries(db).accept({
      shopId: shop.id, topic, eventId: `evt-${++eventSeq}`, webhookId: null, apiVersion: '2026-07',
      triggeredAt: T0 - 1000, payload, receivedAt: clock.now(),
    });
  const effects = () => db.prepare('SELECT event_id AS eventId, topic FROM test_effects').all();
  const recordEffect: WebhookHandler = (d, ctx) => {
    ctx.db.prepare('INSERT INTO test_effects (event_id, topic) VALUES (?, ?)').run(d.eventId, d.topic);
  };

  it('runs the topic\'s handler with the delivery, marks the job done and drops its payload', () => {
    const seen: WebhookDelivery[] = [];
    const runner = createWebhookRunner({ db, clock, logger: recordingLogger(), handlers: { 'orders/create': (d, ctx) => { seen.push(d); recordEffect(d, ctx); } } });
    enqueue();
    expect(runner.runDue()).toBe(1);
    expect(seen).toEqual([{ topic: 'orders/create', shopId: shop.id, shopDomain: shop.domain, payload: parseShopifyJson(ORDER), triggeredAt: T0 - 1000, eventId: 'evt-' + eventSeq }]);
    // Ids above 2^53 reach handlers with every digit.
    expect(JSON.stringify(seen[0]!.payload)).toContain('"115310627314723954"');
    expect(jobsIn(db)).toEqual([expect.objectContaining({ status: 'done', attempts: 1, payload: null, last_error: null })]);
    expect(effects()).toHaveLength(1);
    expect(runner.runDue()).toBe(0);
    expect(effects()).toHaveLength(1);
  });

  it('marks a topic without a handler done without work', () => {
    const runner = createWebhookRunner({ db, clock, logger: recordingLogger(), handlers: {} });
    enqueue('products/update', '{"id":1}');
    expect(runner.runDue()).toBe(1);
    expect(jobsIn(db)).toEqual([expect.objectContaining({ topic: 'products/update', status: 'done', payload: null })]);
  });

  it('rolls back a throwing handler\'s writes, retries with exponential backoff, then fails after maxAttempts', () => {
    const logger = recordingLogger();
    let calls = 0;
    const runner = createWebhookRunner({
      db, clock, logger, maxAttempts: 3,
      handlers: {
        'orders/create': (d, ctx) => {
          calls++;
          recordEffect(d, ctx);
          // A message quoting the payload: it must reach neither the row nor the logs.
          throw new Error('cannot store jon@example.com');
        },
      },
    });
    enqueue();
    runner.runDue();
    expect(calls).toBe(1);
    expect(effects()).toEqual([]);
    expect(jobsIn(db)[0]).toMatchObject({ status: 'queued', attempts: 1, run_after: T0 + 10_000, last_error: 'Error' });
    expect(jobsIn(db)[0]?.payload).toBe(ORDER);

    clock.advance(9_999);
    expect(runner.runDue()).toBe(0);
    clock.advance(1);
    expect(runner.runDue()).toBe(1);
    expect(jobsIn(db)[0]).toMatchObject({ status: 'queued', attempts: 2, run_after: T0 + 10_000 + 20_000 });

    clock.advance(20_000);
    runner.runDue();
    expect(calls).toBe(3);
    expect(jobsIn(db)[0]).toMatchObject({ status: 'failed', attempts: 3 });
    clock.advance(24 * 60 * 60 * 1000);
    expect(runner.runDue()).toBe(0);
    expect(calls).toBe(3);
    expect(effects()).toEqual([]);

    const log = logger.lines.join('\n');
    expect(log).not.toContain('jon@example.com');
    expect(log).not.toContain('Jon');
    expect(logger.lines.filter((l) => l.includes('will retry'))).toHaveLength(2);
    expect(logger.lines.find((l) => l.includes('failed for good'))).toContain('"topic":"orders/create"');
    expect(JSON.stringify(jobsIn(db)[0]?.last_error)).not.toContain('jon@');
  });

  it('runs a job that failed twice exactly once more when the handler recovers', () => {
    let failuresLeft = 2;
    const runner = createWebhookRunner({
      db, clock, logger: recordingLogger(), handlers: {
        'orders/create': (d, ctx) => {
          recordEffect(d, ctx);
          if (failuresLeft-- > 0) throw new TypeError('transient');
        },
      },
    });
    enqueue();
    for (let i = 0; i < 5; i++) {
      runner.runDue();
      clock.advance(60_000);
    }
    expect(effects()).toHaveLength(1);
    expect(jobsIn(db)[0]).toMatchObject({ status: 'done', attempts: 3, payload: null });
  });

  it('refuses an async handler (its work would land after the commit) and keeps other jobs running', () => {
    const runner = createWebhookRunner({
      db, clock, logger: recordingLogger(), maxAttempts: 1,
      handlers: { 'orders/create': (async () => {}) as WebhookHandler, 'orders/updated': recordEffect },
    });
    enqueue('orders/create');
    enqueue('orders/updated');
    expect(runner.runDue()).toBe(2);
    expect(jobsIn(db).map((j) => [j.topic, j.status, j.last_error])).toEqual([
      ['orders/create', 'failed', 'TypeError'],
      ['orders/updated', 'done', null],
    ]);
  });

  it('on start, puts jobs a dead process left running back in the queue, or fails those out of attempts', async () => {
    enqueue();
    enqueue();
    const [a, b] = jobsIn(db);
    db.prepare("UPDATE jobs SET status = 'running', attempts = 1 WHERE id = ?").run(a?.id);
    db.prepare("UPDATE jobs SET status = 'running', attempts = 3 WHERE id = ?").run(b?.id);
    const runner = createWebhookRunner({ db, clock, logger: recordingLogger(), maxAttempts: 3, handlers: { 'orders/create': recordEffect } });
    runner.start();
    expect(jobsIn(db).map((j) => j.status)).toEqual(['queued', 'failed']);
    expect(runner.runDue()).toBe(1);
    await runner.stop();
    expect(jobsIn(db).map((j) => [j.status, j.attempts])).toEqual([['done', 2], ['failed', 3]]);
    expect(effects()).toHaveLength(1);
  });

  it('runs kicked jobs on its own after start, and nothing after stop', async () => {
    const runner = createWebhookRunner({ db, clock, logger: recordingLogger(), handlers: { 'orders/create': recordEffect } });
    runner.start();
    enqueue();
    runner.kick();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(effects()).toHaveLength(1);
    await runner.stop();
    enqueue();
    runner.kick();
    await new Promise((r) => setTimeout(r, 20));
    expect(effects()).toHaveLength(1);
  });

  it('forgets done jobs and delivery records after the retention time, keeps failed jobs', () => {
    const runner = createWebhookRunner({ db, clock, logger: recordingLogger(), retentionMs: 1000, maxAttempts: 1, handlers: { 'orders/create': recordEffect, 'orders/updated': () => { throw new Error('x'); } } });
    enqueue('orders/create');
    enqueue('orders/updated');
    runner.runDue();
    clock.advance(2 * 60 * 60 * 1000);
    runner.runDue();
    expect(jobsIn(db).map((j) => j.status)).toEqual(['failed']);
    expect(db.prepare('SELECT COUNT(*) FROM webhook_deliveries').pluck().get()).toBe(0);
  });
});

describe('webhook pipeline pieces', () => {
  it('retry delay doubles from 10 s and stops at one hour', () => {
    expect([1, 2, 3, 4].map((n) => webhookRetryDelay(n))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(webhookRetryDelay(20)).toBe(3_600_000);
    expect(webhookRetryDelay(1000)).toBe(3_600_000);
  });

  it('describes errors by class, code and zod paths, never by message', () => {
    const zodError = z.object({ email: z.email() }).safeParse({ email: 'not-an-email jon@' }).error;
    expect(describeJobError(zodError)).toBe('ZodError at email');
    expect(describeJobError(Object.assign(new Error('UNIQUE failed: jon@example.com'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe('Error SQLITE_CONSTRAINT_UNIQUE');
    expect(describeJobError('jon@example.com')).toBe('non-error thrown');
  });

  it('verifies the HMAC over the exact bytes', () => {
    const body = Buffer.from(ORDER);
    const good = signWebhook(body, 's3cret');
    expect(verifyWebhookHmac(body, good, 's3cret')).toBe(true);
    expect(verifyWebhookHmac(body, good, 'other')).toBe(false);
    expect(verifyWebhookHmac(Buffer.from(ORDER + ' '), good, 's3cret')).toBe(false);
    expect(verifyWebhookHmac(body, good.slice(0, -2), 's3cret')).toBe(false);
    expect(verifyWebhookHmac(body, undefined, 's3cret')).toBe(false);
  });
});
