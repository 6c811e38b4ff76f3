import type { Clock } from '../../clock.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../../db/open-database.js';
import type { MemberContact } from '../../db/destination-member-queries.js';
import type { EmailSuppressionQueries } from '../../db/email-suppression-queries.js';
import type { FinishedRunStatus, OutboxRow, SyncDestinationRow, SyncLinkRow, SyncQueries, SyncRunRow } from '../../db/sync-queries.js';
import type { Logger } from '../../logger.js';
import type { DestinationClient, SyncOperation, SyncTarget } from '../destination-client.js';
import { DestinationConfigurationError } from '../create-destination-client.js';
import type { EligibleMembers } from '../eligibility/load-eligible-members.js';
import { classifyFailure } from './classify-failure.js';
import { scrubRemoteMessage } from './describe-remote-error.js';
import { planSync } from './plan-sync.js';
import { callFailureOf, settleCallFailure, settleOutcomes, type CallFailure, type SettledBatch } from './settle-batch.js';
import { materializeOperation, type LinkMembers } from './materialize-operation.js';
import { createBatchPool } from './create-batch-pool.js';
import { addCounts } from './add-counts.js';

export interface RunSyncDeps {
  db: Db;
  queries: SyncQueries;
  suppressions: Pick<EmailSuppressionQueries, 'add'>;
  contactsOf(shopId: number, profileIds: readonly number[]): Map<number, MemberContact>;
  /**
   * Eligible members of a linked segment now (consent gate, hygiene, suppressions), with the exclusions
   * counted; read in chunks with a turn of the event loop between them.
   */
  loadEligible(destination: SyncDestinationRow, segmentId: number): Promise<EligibleMembers>;
  clientFor(destination: SyncDestinationRow): DestinationClient;
  clock: Clock;
  /** Resolves early when the service stops. */
  sleep(ms: number): Promise<void>;
  logger: Logger;
  random: () => number;
  leaseMs: number;
  /** Waits (429, backoff) up to this long are waited out inside the run; longer ones end it 'partial'. */
  maxInRunWaitMs: number;
  stopping(): boolean;
}

interface LinkState extends LinkMembers {
  link: SyncLinkRow;
  target: SyncTarget & { remoteRef: string };
}

/** Unwinds a run when the remote refused the credentials (the destination is paused by then). */
class Paused extends Error {}

/** How a batch ended: its outcomes recorded, or the destination must wait (a 429 for the whole call) or be paused. */
type BatchEnd =
  | { end: 'settled' }
  | { end: 'wait'; until: number; status: number; lastError: string }
  | { end: 'pause'; failure: CallFailure };

/** Why a run stops starting batches; read once those in flight have ended. */
interface Halt {
  wait: Extract<BatchEnd, { end: 'wait' }> | null;
  pause: CallFailure | null;
}

/**
 * One run of one destination (docs/destinations.md#sync-runs): per linked segment, find or create the
 * list/tag, plan the difference into the outbox, then send due rows in batches; every batch's outcomes
 * are written in one transaction. Up to the client's concurrency (default 1) batches are in flight at
 * once; a row in flight is still pending, so it is skipped when due rows are taken. Resumable: a run
 * picked up after a crash plans again (the plan is idempotent: done work is in destination_members,
 * pending rows keep their attempts) and re-sends only what was not recorded, which clients make harmless
 * to replay. Returns 'released' when stopped midway.
 *
 * Waits (429, backoff) up to maxInRunWaitMs are sat out inside the run. A longer one ends the run
 * 'partial' (error retries_pending) with its rows pending: the service queues a 'schedule' run when they
 * come due, so a run never holds its destination for minutes. Ends: succeeded (nothing dead or pending),
 * partial (some dead or still pending), failed (configuration, or a list/tag that could not be reached),
 * paused (401/403: the destination is paused too).
 */
export async function runSync(deps: RunSyncDeps, run: SyncRunRow): Promise<FinishedRunStatus | 'released'> {
  const { queries, clock, logger } = deps;
  const destination = queries.destination(run.destinationId);
  const finish = (status: FinishedRunStatus, error: { code: string; message: string } | null) => {
    queries.finish(run.id, status, clock.now(), error);
    return status;
  };
  if (!destination) return finish('failed', { code: 'destination_deleted', message: 'The destination was deleted.' });
  if (destination.status === 'paused') return finish('paused', { code: 'destination_paused', message: 'The destination is paused; resume it to sync.' });
  const renew = (extraMs = 0) => queries.renewLease(run.id, clock.now() + deps.leaseMs + extraMs);

  let client: DestinationClient;
  try {
    client = deps.clientFor(destination);
  } catch (err) {
    if (err instanceof DestinationConfigurationError) return finish('failed', { code: err.code, message: err.message });
    throw err;
  }

  const pause = (failure: CallFailure): never => {
    const message = scrubRemoteMessage(failure.message);
    deps.db.transaction(() => {
      queries.pauseForCredentials(destination.id, message, clock.now());
      queries.finish(run.id, 'paused', clock.now(), { code: 'credentials_rejected', message });
    }).immediate();
    logger.warn('destination paused: credentials rejected', { destinationId: destination.id, runId: run.id, status: failure.status });
    throw new Paused();
  };

  /** A single call outside the outbox (ensureTarget): short waits and backoffs inside the run, then give up. */
  async function withRetries<T>(call: () => Promise<T>): Promise<T> {
    for (let attempts = 0; ;) {
      try {
        return await call();
      } catch (err) {
        const failure = callFailureOf(err);
        const decision = classifyFailure(failure, attempts, deps.random);
        if (decision.action === 'pause') pause(failure);
        if (decision.action === 'dead' || decision.action === 'pause' || decision.delayMs > deps.maxInRunWaitMs || deps.stopping()) throw err;
        if (decision.action === 'retry') attempts = decision.attempts;
        renew(decision.delayMs);
        await deps.sleep(decision.delayMs);
      }
    }
  }

  try {
    // 1. Plan every link.
    const states: LinkState[] = [];
    const excluded: Record<string, number> = {};
    const hints: Record<string, number> = {};
    let linkError: { code: string; message: string } | null = null;
    for (const link of queries.links(destination.id)) {
      // Planned and written before the list or tag is found or made: the remote's rate budget starts being
      // spent only when batches are about to follow. A plan for a link whose target fails stays pending, as
      // earlier plans' retries do, for the next run.
      const eligible = await deps.loadEligible(destination, link.segmentId);
      addCounts(excluded, eligible.excluded);
      addCounts(hints, eligible.hints);
      const synced = queries.synced(link.id);
      const plan = planSync(
        eligible.members.map((m) => ({ profileId: m.profileId, propsHash: m.propsHash, enteredAt: m.enteredAt })),
        synced,
        queries.deadOps(link.id),
      );
      queries.writePlan(destination.id, link.id, run.id, plan.ops, clock.now());
      let remoteRef: string;
      try {
        remoteRef = await withRetries(() => client.ensureTarget({ segmentId: link.segmentId, segmentName: link.segmentName, remoteRef: link.remoteRef }));
      } catch (err) {
        if (err instanceof Paused) throw err;
        const failure = callFailureOf(err);
        linkError = { code: failure.code, message: `Segment ${link.segmentId}: ${scrubRemoteMessage(failure.message)}` };
        logger.warn('sync target unavailable', { destinationId: destination.id, runId: run.id, segmentId: link.segmentId, status: failure.status });
        continue;
      }
      if (remoteRef !== link.remoteRef) queries.setRemoteRef(link.id, remoteRef);
      states.push({
        link,
        target: { segmentId: link.segmentId, segmentName: link.segmentName, remoteRef },
        members: new Map(eligible.members.map((m) => [m.profileId, m])),
        synced: new Map(synced.map((s) => [s.profileId, s])),
      });
    }
    queries.setPlanned(run.id, JSON.stringify(excluded), JSON.stringify(hints), queries.pendingCount(destination.id));
    renew();

    // 2. Send due rows, link by link, until nothing is due within the run.
    const concurrency = Math.max(1, Math.floor(client.concurrency ?? 1));
    for (;;) {
      const pool = createBatchPool();
      const halt: Halt = { wait: null, pause: null };
      const ended = (end: BatchEnd) => {
        if (end.end === 'settled') renew();
        else if (end.end === 'pause') halt.pause ??= end.failure;
        else if (!halt.wait || end.until > halt.wait.until) halt.wait = end;
      };
      sending: for (const state of states) {
        for (;;) {
          if (halt.wait || halt.pause || pool.error || deps.stopping()) break sending;
          if (pool.size >= concurrency) {
            await pool.oneEnded();
            continue;
          }
          // Rows in flight are still pending: ask for enough to fill a batch without them.
          const rows = queries.due(destination.id, state.link.id, clock.now(), client.batchSize + pool.ids.size)
            .filter((r) => !pool.ids.has(r.id))
            .slice(0, client.batchSize);
          if (rows.length === 0) break;
          pool.add(rows.map((r) => r.id), sendBatch(state, rows).then(ended));
          // A turn before preparing the next batch (a read and materialization of thousands of rows): this
          // batch's first requests go out now instead of after it, and the answers meanwhile are read on time.
          await nextTurn();
        }
      }
      // Stopping, throttled, paused or broken: no new batch, and the ones in flight settle before the run acts on it.
      await pool.allEnded();
      if (pool.error) throw pool.error.thrown;
      if (halt.pause) pause(halt.pause);
      if (deps.stopping()) return 'released';
      if (halt.wait) {
        // A batch that ended after the 429 may have rescheduled its failures sooner: hold them too, as one batch after another would have.
        queries.holdDestination(destination.id, halt.wait.until, halt.wait.status, halt.wait.lastError, clock.now());
      }
      const next = queries.nextPendingAt(destination.id, states.map((s) => s.link.id));
      const wait = next === null ? null : next - clock.now();
      if (wait === null || wait > deps.maxInRunWaitMs || deps.stopping()) break;
      if (wait > 0) {
        renew(wait);
        await deps.sleep(wait);
        // A clock that did not move (a fixed test clock) would make this loop spin: end the run instead.
        if (clock.now() < next!) break;
      }
    }

    if (deps.stopping()) return 'released';
    const pending = queries.pendingCount(destination.id);
    const failed = queries.run(run.id)?.failed ?? 0;
    if (linkError) return finish('failed', linkError);
    if (pending > 0) return finish('partial', { code: 'retries_pending', message: `${pending} operations will be retried by a later run.` });
    if (failed > 0) return finish('partial', { code: 'operations_rejected', message: `${failed} operations were refused by the remote.` });
    return finish('succeeded', null);
  } catch (err) {
    if (err instanceof Paused) return 'paused';
    throw err;
  }

  /** Sends one batch and records its outcomes in one transaction, unless the destination must wait or be paused. */
  async function sendBatch(state: LinkState, rows: OutboxRow[]): Promise<BatchEnd> {
    const now = clock.now();
    const removes = rows.filter((r) => r.op === 'remove').map((r) => r.profileId);
    const contacts = removes.length > 0 ? deps.contactsOf(destination!.shopId, removes) : new Map<number, MemberContact>();
    const sendable: OutboxRow[] = [];
    const ops: SyncOperation[] = [];
    const stale: number[] = [];
    for (const row of rows) {
      const op = materializeOperation(row, state, contacts);
      if (op) {
        sendable.push(row);
        ops.push(op);
      } else stale.push(row.id);
    }
    if (stale.length > 0) queries.dropRows(stale);
    if (ops.length === 0) return { end: 'settled' };

    let settled: SettledBatch;
    try {
      const outcomes = await client.apply(state.target, ops);
      if (outcomes.length !== ops.length) throw new Error(`apply returned ${outcomes.length} outcomes for ${ops.length} operations`);
      settled = settleOutcomes(sendable, ops, outcomes, clock.now(), deps.random);
    } catch (err) {
      const failure = callFailureOf(err);
      const decision = classifyFailure(failure, 0, deps.random);
      if (decision.action === 'pause') return { end: 'pause', failure };
      if (decision.action === 'wait') {
        // Throttling is about the destination, not these rows: hold everything due, no attempt spent.
        const until = clock.now() + Math.max(1_000, decision.delayMs);
        const lastError = `${failure.code}: throttled`;
        queries.holdDestination(destination!.id, until, failure.status, lastError, clock.now());
        logger.info('sync throttled', { destinationId: destination!.id, runId: run.id, waitMs: until - clock.now() });
        return { end: 'wait', until, status: failure.status, lastError };
      }
      logger.warn('sync batch failed', { destinationId: destination!.id, runId: run.id, status: failure.status, code: failure.code, operations: ops.length });
      settled = { result: settleCallFailure(sendable, failure, now, deps.random), suppress: [] };
    }
    const { result, suppress } = settled;
    deps.db.transaction(() => {
      queries.applyBatch(run.id, state.link.id, result, clock.now());
      for (const s of suppress) deps.suppressions.add(destination!.id, s.email, s.reason, clock.now());
    }).immediate();
    return { end: 'settled' };
  }
}
