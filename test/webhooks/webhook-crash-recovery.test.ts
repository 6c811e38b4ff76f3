import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO } from '../../server/config.js';
import { openDatabase, type Db } from '../../server/db/open-database.js';
import type { WebhookHandler } from '../../server/webhooks/webhook-handler.js';
import { deliver, jobsIn, readSample, startWebhookTestApp, waitFor, type WebhookTestApp } from './webhook-test-kit.js';

const ORDER = readSample('orders-create.json');

/**
 * A crash between the 200 and the work: the first app accepts a webhook and stops without running it
 * (runWebhookJobs: false stands for a process that died right after the commit); a new app on the same
 * SQLite file must run the job exactly once.
 */
describe('webhook jobs survive a restart', () => {
  let dir: string;
  let databasePath: string;
  const running: WebhookTestApp[] = [];
  const cleanups: (() => void)[] = [];
  const onCleanup = (fn: () => void) => { cleanups.push(fn); };
  const start = async (options: Omit<Parameters<typeof startWebhookTestApp>[0], 'databasePath'>) => {
    const t = await startWebhookTestApp({ databasePath, ...options });
    running.push(t);
    return t;
  };
  const stop = async (t: WebhookTestApp) => {
    running.splice(running.indexOf(t), 1);
    await t.stop();
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'webhook-crash-'));
    databasePath = join(dir, 'app.db');
  });
  afterEach(async () => {
    for (const fn of cleanups.splice(0)) fn();
    for (const t of running.splice(0)) await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // The handler's effect is a row in the same database, so it is observable across processes.
  const countingHandler = (calls: { n: number }): WebhookHandler => (d, ctx) => {
    calls.n++;
    ctx.db.exec('CREATE TABLE IF NOT EXISTS test_effects (event_id TEXT NOT NULL)');
    ctx.db.prepare('INSERT INTO test_effects (event_id) VALUES (?)').run(d.eventId);
  };
  const effects = (db: Db) => db.prepare('SELECT event_id FROM test_effects').pluck().all();

  it('runs a job accepted just before a crash exactly once in the next process', async () => {
    const first = await start({ runWebhookJobs: false });
    const res = await deliver(first.baseUrl, ORDER, { secret: first.config.shopify.apiSecret, eventId: 'evt-crash' });
    expect(res.status).toBe(200);
    expect(jobsIn(first.db)).toEqual([expect.objectContaining({ status: 'queued', attempts: 0 })]);
    await stop(first);

    const calls = { n: 0 };
    const second = await start({ webhookHandlers: { 'orders/create': countingHandler(calls) } });
    await waitFor(() => jobsIn(second.db)[0]?.status === 'done');
    expect(calls.n).toBe(1);
    expect(effects(second.db)).toEqual(['evt-crash']);

    // Shopify retries the delivery it thinks failed: still one job, one effect.
    const retry = await deliver(second.baseUrl, ORDER, { secret: second.config.shopify.apiSecret, eventId: 'evt-crash' });
    expect(retry.status).toBe(200);
    await stop(second);

    const third = await start({ webhookHandlers: { 'orders/create': countingHandler(calls) } });
    await new Promise((r) => setTimeout(r, 50));
    expect(jobsIn(third.db)).toHaveLength(1);
    expect(effects(third.db)).toEqual(['evt-crash']);
    expect(calls.n).toBe(1);
  });

  it('picks again a job a dead process left running, and runs it once', async () => {
    const first = await start({ runWebhookJobs: false });
    await deliver(first.baseUrl, ORDER, { secret: first.config.shopify.apiSecret, eventId: 'evt-stuck' });
    // What the dead process had committed: the claim (running, attempt counted), not the work.
    first.db.prepare("UPDATE jobs SET status = 'running', attempts = 1").run();
    await stop(first);

    const calls = { n: 0 };
    const second = await start({ webhookHandlers: { 'orders/create': countingHandler(calls) } });
    await waitFor(() => jobsIn(second.db)[0]?.status === 'done');
    expect(jobsIn(second.db)[0]).toMatchObject({ attempts: 2, payload: null });
    expect(calls.n).toBe(1);
    expect(effects(second.db)).toEqual(['evt-stuck']);
  });

  it('leaves nothing behind from a run that died inside the handler\'s transaction', async () => {
    const calls = { n: 0 };
    let crashed = false;
    const first = await start({
      webhookHandlers: {
        'orders/create': (d, ctx) => {
          countingHandler(calls)(d, ctx);
          // Stands for the process dying before the commit: the transaction never commits.
          if (!crashed) { crashed = true; throw new Error('process died'); }
        },
      },
    });
    await deliver(first.baseUrl, ORDER, { secret: first.config.shopify.apiSecret, eventId: 'evt-mid' });
    await waitFor(() => crashed && jobsIn(first.db)[0]?.status === 'queued');
    expect(first.db.prepare("SELECT name FROM sqlite_master WHERE name = 'test_effects'").get()).toBeUndefined();
    await stop(first);

    const second = await start({ webhookHandlers: { 'orders/create': countingHandler(calls) } });
    // The retry waits for its backoff; the restart does not skip it.
    expect(jobsIn(second.db)[0]).toMatchObject({ status: 'queued', attempts: 1 });
    second.db.prepare('UPDATE jobs SET run_after = 0').run();
    second.app.webhooks.kick();
    await waitFor(() => jobsIn(second.db)[0]?.status === 'done');
    expect(effects(second.db)).toEqual(['evt-mid']);
  });

  it('runs once, after a restart, the job whose process was killed (SIGKILL) inside the handler', async () => {
    const setup = openDatabase(databasePath);
    setup.exec('CREATE TABLE test_effects (event_id TEXT NOT NULL)');
    setup.close();
    const script = fileURLToPath(new URL('./fixtures/serve-then-die-in-handler.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, databasePath], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    onCleanup(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
    const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
    const port = Number(chunk.toString().trim());

    const res = await deliver(`http://127.0.0.1:${port}`, ORDER, { secret: DEMO.apiSecret, eventId: 'evt-killed' });
    expect(res.status).toBe(200);
    const [, signal] = (await exited) as [number | null, string | null];
    expect(signal).toBe('SIGKILL');

    const calls = { n: 0 };
    const next = await start({ webhookHandlers: { 'orders/create': countingHandler(calls) } });
    // The effect written before the kill never committed; the claim did.
    await waitFor(() => jobsIn(next.db)[0]?.status === 'done');
    expect(jobsIn(next.db)[0]).toMatchObject({ attempts: 2, payload: null });
    expect(calls.n).toBe(1);
    expect(effects(next.db)).toEqual(['evt-killed']);
  });
});
