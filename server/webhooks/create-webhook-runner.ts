import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import { createWebhookQueries, type WebhookJobRow } from '../db/webhook-queries.js';
import type { Logger } from '../logger.js';
import { createTurnLoop } from '../create-turn-loop.js';
import { describeJobError } from './describe-job-error.js';
import type { WebhookContext, WebhookHandler } from './webhook-handler.js';
import { webhookRetryDelay } from './webhook-retry-delay.js';
import { parseShopifyJson } from './parse-shopify-json.js';

export interface WebhookRunnerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  handlers: Readonly<Record<string, WebhookHandler>>;
  /** Runs per job before it is marked failed for good (default 8). */
  maxAttempts?: number;
  /** How often due jobs (retries) are looked for when nothing kicks the runner (default 1 s). */
  pollMs?: number;
  /** Jobs run per turn of the event loop, so a backlog never blocks HTTP for long (default 50). */
  batchSize?: number;
  /** Done jobs and delivery records older than this are forgotten (default 7 days). */
  retentionMs?: number;
  retryDelay?: (failedAttempts: number) => number;
}

export interface WebhookRunner {
  /**
   * Puts back jobs a dead process left running, then polls. Call once; the app calls it in createApp.
   * Single-process design: another live process sharing the file would have its running jobs requeued.
   */
  start(): void;
  /** Runs the due jobs soon (after the current response), e.g. right after a webhook was accepted. */
  kick(): void;
  /** Runs every job due now, synchronously, up to `limit`; returns how many ran. For tests and the poller. */
  runDue(limit?: number): number;
  /** Stops polling; a run in progress has finished by the time this resolves (runs are synchronous). */
  stop(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Runs webhook jobs from the durable job table. Each job: claim it (status running, attempt counted,
 * committed), then call its topic's handler and mark it done in ONE transaction: a crash before that
 * commit leaves no partial work and the job is picked again (start() requeues it). A throwing handler's
 * writes roll back and the job is retried with exponential backoff, then failed after maxAttempts.
 * Topics without a handler are marked done: recorded, no work. Logs topic and job id, never payloads.
 */
export function createWebhookRunner(deps: WebhookRunnerDeps): WebhookRunner {
  const { db, clock, logger, handlers } = deps;
  const maxAttempts = deps.maxAttempts ?? 8;
  const pollMs = deps.pollMs ?? 1000;
  const batchSize = deps.batchSize ?? 50;
  const retentionMs = deps.retentionMs ?? 7 * DAY_MS;
  const retryDelay = deps.retryDelay ?? ((n: number) => webhookRetryDelay(n));
  const queries = createWebhookQueries(db);
  const ctx: WebhookContext = { db, clock, logger };
  let lastPrune = -Infinity;

  const runInTransaction = db.transaction((job: WebhookJobRow, handler: WebhookHandler | undefined) => {
    if (handler) {
      const result: unknown = handler({
        topic: job.topic,
        shopId: job.shopId,
        shopDomain: job.shopDomain,
        // Big ids (above 2^53) keep every digit, as strings.
        payload: parseShopifyJson(job.payload ?? 'null'),
        triggeredAt: job.triggeredAt,
        eventId: job.eventId,
      }, ctx);
      // An async handler would let the transaction commit before its work ran.
      if (result instanceof Promise) throw new TypeError(`The handler for ${job.topic} must be synchronous`);
    }
    queries.markDone(job.id, clock.now());
  });

  function runOne(job: WebhookJobRow): void {
    if (!queries.claim(job.id, clock.now())) return;
    const attempts = job.attempts + 1;
    const handler = Object.hasOwn(handlers, job.topic) ? handlers[job.topic] : undefined;
    try {
      runInTransaction.immediate(job, handler);
      if (!handler) logger.debug('webhook topic without a handler recorded', { topic: job.topic, jobId: job.id });
    } catch (err) {
      const error = describeJobError(err);
      const now = clock.now();
      if (attempts >= maxAttempts) {
        queries.markFailed(job.id, error, now);
        logger.error('webhook job failed for good', { topic: job.topic, jobId: job.id, attempts, error });
      } else {
        const delayMs = retryDelay(attempts);
        queries.retryLater(job.id, now + delayMs, error, now);
        logger.warn('webhook job failed, will retry', { topic: job.topic, jobId: job.id, attempts, delayMs, error });
      }
    }
  }

  function runDue(limit = batchSize): number {
    const now = clock.now();
    if (now - lastPrune >= DAY_MS / 24) {
      lastPrune = now;
      queries.prune(now - retentionMs);
    }
    const jobs = queries.due(now, limit);
    for (const job of jobs) runOne(job);
    return jobs.length;
  }

  const loop = createTurnLoop({
    pollMs,
    // A full batch means more may be waiting.
    turn: () => runDue() === batchSize,
    onError: (err) => logger.error('webhook runner turn failed', { error: describeJobError(err) }),
  });
  let started = false;

  return {
    start() {
      if (started) return;
      started = true;
      const { requeued, failed } = queries.recoverInterrupted(maxAttempts, clock.now());
      if (requeued || failed) logger.warn('webhook jobs interrupted by a restart', { requeued, failed });
      loop.start();
    },
    kick: loop.kick,
    runDue,
    async stop() {
      loop.stop();
    },
  };
}
