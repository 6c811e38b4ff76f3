import type { AppConfig } from '../../config.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/open-database.js';
import type { Logger } from '../../logger.js';
import type { AdminGraphqlClient } from '../../shopify/create-admin-graphql-client.js';
import type { SyncRunView } from '../../admin-api/admin-api-types.js';
import { serializeSyncRun } from '../../admin-api/destinations/serialize-destination.js';
import { notFound } from '../../errors.js';
import { createTurnLoop } from '../../create-turn-loop.js';
import { createSyncQueries, type SyncDestinationRow, type SyncRunRow, type SyncTrigger } from '../../db/sync-queries.js';
import { createDestinationMemberQueries } from '../../db/destination-member-queries.js';
import { createEmailSuppressionQueries } from '../../db/email-suppression-queries.js';
import type { DestinationClient } from '../destination-client.js';
import { DestinationError } from '../destination-error.js';
import { createFetchHttpClient, type HttpClient } from '../http/http-client.js';
import { createDestinationClient, createSharedLimits, DestinationConfigurationError, readDestinationSettings } from '../create-destination-client.js';
import { destinationPolicy } from '../eligibility/destination-policy.js';
import { loadEligibleMembers } from '../eligibility/load-eligible-members.js';
import { scrubRemoteMessage } from './describe-remote-error.js';
import { runSync } from './run-sync.js';
import { loadEligibleInChunks } from './load-eligible-in-chunks.js';

export interface DestinationSync {
  /** Queues a run (or returns the queued/running one for that destination: one run at a time per destination, a second waits). */
  requestRun(shopId: number, destinationId: number, trigger: SyncTrigger): SyncRunView;
  /** verify() with the stored credentials: POST /api/destinations/:id/test. */
  testCredentials(shopId: number, destinationId: number): Promise<{ ok: true } | { ok: false; status: number; code: string; message: string }>;
  getRun(shopId: number, runId: number): SyncRunView | null;
  /** Runs whatever is due now (queued runs, due outbox rows, debounced membership changes); tests drive it. */
  runDue(): Promise<void>;
  /** Resolves when nothing is queued or running (tests). */
  drain(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export interface DestinationSyncDeps {
  db: Db;
  clock: Clock;
  config: Pick<AppConfig, 'encryptionKey' | 'destinations'>;
  logger: Logger;
  graphqlFor(shopDomain: string): AdminGraphqlClient;
  /** Every destination's HTTP (default: fetch with config.destinations.httpTimeoutMs). */
  http?: HttpClient;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** How often runDue runs when nothing kicks it (default 1 s). */
  pollMs?: number;
  /** A running run's lease (default 60 s), renewed after every batch; a run whose lease passed is resumed. */
  leaseMs?: number;
  /** Longest wait (429, backoff) sat out inside a run (default 60 s); longer ones end the run 'partial'. */
  maxInRunWaitMs?: number;
  /** How long stop() waits for runs in flight (default 30 s); one still going is resumed by the next start. */
  stopGraceMs?: number;
}

const HOUR_MS = 60 * 60_000;
/** Done outbox rows are kept this long (what was sent, for support), dead ones until the link goes. */
const DONE_RETENTION_MS = 7 * 24 * HOUR_MS;
/** Runs kept per destination for the admin's history (GET /api/destinations/:id/runs). */
const RUNS_KEPT_PER_DESTINATION = 200;
/** After a failed run (configuration, unreachable list), pending retries wait this long for the next scheduled run. */
const FAILED_RUN_BACKOFF_MS = 10 * 60_000;

/**
 * The destination sync service (docs/destinations.md#sync-runs): queues runs (manual, after membership
 * changes, for due retries), runs one at a time per destination under a lease, and reports them. The
 * turn loop only starts runDue; each run is async (HTTP) and its writes are small transactions.
 */
export function createDestinationSync(deps: DestinationSyncDeps): DestinationSync {
  const { db, clock, config, logger } = deps;
  const queries = createSyncQueries(db);
  const members = createDestinationMemberQueries(db);
  const suppressions = createEmailSuppressionQueries(db);
  const http = deps.http ?? createFetchHttpClient({ timeoutMs: config.destinations.httpTimeoutMs });
  const random = deps.random ?? Math.random;
  const leaseMs = deps.leaseMs ?? 60_000;

  // The engine's own waits end early when the service stops, so stop() never sits out a Retry-After.
  // Clients keep plain sleeps: a client polling a job must not spin once its sleeps return at once.
  let stopping = false;
  let wakeAll: () => void = () => {};
  const stopped = new Promise<void>((resolve) => { wakeAll = resolve; });
  const clientSleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => { setTimeout(resolve, ms); }));
  const engineSleep = (ms: number) => Promise.race([clientSleep(ms), stopped]);

  const limits = createSharedLimits(clock, clientSleep);
  const clientFor = (row: SyncDestinationRow): DestinationClient => createDestinationClient(row, {
    config, http, clock, sleep: clientSleep, graphqlFor: deps.graphqlFor, limits,
  });
  const runDeps = {
    db, queries, suppressions, clock, sleep: engineSleep, logger, random, leaseMs,
    maxInRunWaitMs: deps.maxInRunWaitMs ?? 60_000,
    contactsOf: members.contactsOf,
    clientFor,
    loadEligible: (destination: SyncDestinationRow, segmentId: number) => loadEligibleInChunks(
      (profileIds) => loadEligibleMembers({
        queries: { members, suppressions },
        shopId: destination.shopId,
        segmentId,
        destinationId: destination.id,
        policy: destinationPolicy(destination.kind, readDestinationSettings(destination) as never),
        profileIds,
      }),
      members.memberIds(segmentId),
    ),
    stopping: () => stopping,
  };

  const executing = new Map<number, Promise<void>>();
  let lastPrune = -Infinity;

  const enqueue = db.transaction((destinationId: number, trigger: SyncTrigger): SyncRunRow => {
    const queued = queries.queuedRun(destinationId);
    if (queued) return queued;
    return queries.run(queries.insertRun(destinationId, trigger, clock.now()))!;
  });

  async function execute(run: SyncRunRow): Promise<void> {
    const now = clock.now();
    if (!queries.claim(run.id, now, now + leaseMs)) return;
    logger.info('sync run started', { runId: run.id, destinationId: run.destinationId, trigger: run.trigger, resumed: run.status === 'running' });
    try {
      const status = await runSync(runDeps, run);
      // Stopped midway: the lease is let go so the next start resumes the run at once.
      if (status === 'released') queries.renewLease(run.id, 0);
      const row = queries.run(run.id);
      logger.info('sync run ended', {
        runId: run.id, destinationId: run.destinationId, status,
        added: row?.added, updated: row?.updated, removed: row?.removed, failed: row?.failed,
      });
    } catch (err) {
      // A bug or a database error: recorded on the run (if the database still answers), never thrown out of the worker.
      try {
        queries.finish(run.id, 'failed', clock.now(), { code: 'internal', message: 'The sync stopped on an internal error; it will be retried by the next run.' });
      } catch { /* the database is gone (shutdown): the lease lets the next start resume the run */ }
      logger.error('sync run failed', { runId: run.id, destinationId: run.destinationId, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Queues what is due and starts every claimable run (one per destination); returns the runs started. */
  function startDue(): Promise<void>[] {
    if (stopping) return [];
    const now = clock.now();
    if (now - lastPrune >= HOUR_MS) {
      lastPrune = now;
      queries.pruneDone(now - DONE_RETENTION_MS);
      queries.pruneRuns(RUNS_KEPT_PER_DESTINATION);
    }
    for (const d of queries.membershipChanged(now - config.destinations.debounceMs)) enqueue.immediate(d.id, 'membership');
    for (const d of queries.outboxDue(now, now - FAILED_RUN_BACKOFF_MS)) enqueue.immediate(d.id, 'schedule');
    const started: Promise<void>[] = [];
    for (const run of queries.claimable(now)) {
      if (executing.has(run.destinationId)) continue;
      const p = execute(run).finally(() => executing.delete(run.destinationId));
      executing.set(run.destinationId, p);
      started.push(p);
    }
    return started;
  }

  async function runDue(): Promise<void> {
    await Promise.all(startDue());
  }

  // Each turn only starts runs: a long run of one destination never holds up another's.
  const loop = createTurnLoop({
    pollMs: deps.pollMs ?? 1000,
    turn: () => {
      startDue();
      return false;
    },
    onError: (err) => logger.error('destination sync turn failed', { error: err instanceof Error ? err.message : String(err) }),
  });
  let started = false;

  return {
    requestRun(shopId, destinationId, trigger) {
      if (!queries.destinationOfShop(shopId, destinationId)) throw notFound('destination_not_found', 'No such destination.');
      const run = enqueue.immediate(destinationId, trigger);
      if (started) loop.kick();
      return serializeSyncRun(run);
    },

    async testCredentials(shopId, destinationId) {
      const row = queries.destinationOfShop(shopId, destinationId);
      if (!row) throw notFound('destination_not_found', 'No such destination.');
      try {
        await clientFor(row).verify();
        return { ok: true };
      } catch (err) {
        if (err instanceof DestinationError) return { ok: false, status: err.status, code: err.code, message: scrubRemoteMessage(err.message) };
        if (err instanceof DestinationConfigurationError) return { ok: false, status: 0, code: err.code, message: err.message };
        throw err;
      }
    },

    getRun(shopId, runId) {
      const row = queries.runOfShop(shopId, runId);
      return row ? serializeSyncRun(row) : null;
    },

    runDue,

    async drain() {
      // Bounded: a run that keeps leaving work due would otherwise spin a test forever.
      for (let turn = 0; turn < 1_000; turn++) {
        await runDue();
        await Promise.all(executing.values());
        if (stopping || (executing.size === 0 && queries.claimable(clock.now()).length === 0)) return;
      }
      logger.warn('destination sync drain gave up after 1000 turns');
    },

    start() {
      if (started || stopping) return;
      started = true;
      loop.start();
    },

    async stop() {
      stopping = true;
      loop.stop();
      wakeAll();
      // A run stops after its current batch; one stuck in a slow remote call is left to its lease.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => { timer = setTimeout(resolve, deps.stopGraceMs ?? 30_000).unref(); });
      await Promise.race([Promise.all(executing.values()), grace]);
      clearTimeout(timer);
    },
  };
}
