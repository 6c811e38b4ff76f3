import type { RecomputeStatus } from '../../admin-api/admin-api-types.js';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../logger.js';
import { computeTraitChunk, type DerivedEvent, type TraitChunk } from './compute-trait-chunk.js';
import { createCheckpointOffload } from './create-checkpoint-offload.js';
import type { TraitWorkerPool } from './create-trait-worker-pool.js';
import { writeTraitChunk } from './refresh-profile-traits.js';
import { finishFullRecompute, type RecomputeDeps } from './recompute-shop.js';
import { traitContextOf, type ShopSegmentContext } from './shop-segment-context.js';

export interface BackgroundRecompute {
  /** Starts a full recompute of the shop; false when one is already running for it. */
  start(shopId: number): boolean;
  status(shopId: number): RecomputeStatus;
  /** Resolves with the final status once the shop's current recompute ends (at once when none runs). */
  settled(shopId: number): Promise<RecomputeStatus>;
  /**
   * The live engine refreshed these profiles: a chunk computed before then holds older facts and must
   * not overwrite them (called by the engine for every live refresh; a no-op when nothing runs).
   */
  noteRefreshed(shopId: number, profileIds: readonly number[]): void;
  /** Stops every running recompute after its current chunk (the server is shutting down). */
  stop(): void;
}

const IDLE: RecomputeStatus = { status: 'idle', profilesDone: 0, profilesTotal: 0, startedAt: null, finishedAt: null, error: null };

interface Run {
  status: RecomputeStatus;
  /** profile id → sequence number of its last live refresh during this run. */
  refreshedAt: Map<number, number>;
  /** Abandonment events of written chunks, stored at the end in one pass (see storeDeferredEvents). */
  derived: DeferredEvent[];
  done: Promise<void>;
}

interface DeferredEvent extends DerivedEvent {
  /** The sequence number when its chunk was written: a live refresh after it recomputed the profile. */
  seq: number;
}

interface InFlight {
  ids: number[];
  /** The sequence number when the chunk was handed out: live refreshes after it win. */
  seq: number;
  result?: TraitChunk;
  error?: unknown;
  settled: Promise<void>;
}

/**
 * recomputeShop's work, asked for from the admin: every profile's traits, then RFM and every active
 * segment over everyone, without blocking the server. Worker threads read facts and compute traits
 * (most of the cost); this thread writes their chunks, and computes small chunks itself while they
 * work. Events arriving meanwhile queue their profiles as usual: a chunk's queue entries are cleared
 * when it is handed out, so a later event queues the profile again and the live engine recomputes it.
 */
export function createBackgroundRecompute(deps: RecomputeDeps & {
  clock: Clock; logger: Logger; contextFor(shopId: number): ShopSegmentContext; countProfiles(shopId: number): number;
  pool: TraitWorkerPool; chunkSize?: number; workerChunkSize?: number;
}): BackgroundRecompute {
  const { db, stores, memberships, pool } = deps;
  const checkpoints = createCheckpointOffload(db, pool, deps.logger);
  const chunkSize = deps.chunkSize ?? 500;
  const workerChunkSize = deps.workerChunkSize ?? 2000;
  const runs = new Map<number, Run>();
  let seq = 0;
  let stopped = false;

  // Computed and written here in one transaction: nothing can come in between.
  const ownChunk = db.transaction((shopId: number, run: Run, ids: number[], now: number) => {
    const chunk = computeTraitChunk(stores.facts, traitContextOf(deps.contextFor(shopId)), ids, now);
    writeTraitChunk(stores, shopId, { ...chunk, derived: [] }, now);
    defer(run, chunk.derived, () => false);
    memberships.clearDirty(ids);
  });
  // Stored one by one, chunk after chunk, these events (34,000 on a cold shop of 100,000 profiles) land at
  // random places of the events indexes and rewrite a page each; sorted, in one transaction, they share pages.
  const defer = (run: Run, derived: readonly DerivedEvent[], skip: (id: number) => boolean) => {
    const at = ++seq;
    for (const d of derived) if (!skip(d.profileId)) run.derived.push({ ...d, seq: at });
  };
  const handOut = db.transaction((ids: number[]) => { memberships.clearDirty(ids); });
  // A profile queued again since the hand-out, or refreshed live since, keeps what the engine gives it.
  const writeChunk = db.transaction((shopId: number, run: Run, flight: InFlight, now: number) => {
    const requeued = memberships.dirtyAmong(flight.ids);
    const newer = (id: number) => requeued.has(id) || (run.refreshedAt.get(id) ?? -1) > flight.seq;
    writeTraitChunk(stores, shopId, { ...flight.result!, derived: [] }, now, newer);
    defer(run, flight.result!.derived, newer);
    memberships.clearDirty(flight.ids.filter((id) => !requeued.has(id)));
  });
  const finish = db.transaction((shopId: number, run: Run, now: number) => {
    storeDeferredEvents(shopId, run);
    finishFullRecompute(deps, deps.contextFor(shopId), now);
  });
  // A profile queued or refreshed live since its chunk was written gets its events from the live engine.
  function storeDeferredEvents(shopId: number, run: Run): void {
    const dirty = memberships.dirtyAmong([...new Set(run.derived.map((d) => d.profileId))]);
    const due = run.derived.filter((d) => !dirty.has(d.profileId) && (run.refreshedAt.get(d.profileId) ?? -1) <= d.seq);
    due.sort((a, b) => a.event.occurredAt - b.event.occurredAt);
    // Storing them queues nothing (migration 012): their profiles' traits and memberships are this run's own work.
    for (const { profileId, event } of due) stores.events.insertIfNew(shopId, profileId, event);
    run.derived = [];
  }
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  async function execute(shopId: number, run: Run): Promise<void> {
    const traitContext = traitContextOf(deps.contextFor(shopId));
    let after = 0;
    const take = (n: number): number[] => {
      const ids = stores.facts.profileIdsAfter(shopId, after, n);
      if (ids.length > 0) after = ids[ids.length - 1]!;
      return ids;
    };
    const flights: InFlight[] = [];
    let exhausted = false;
    const progress = (n: number) => {
      run.status.profilesDone += n;
      run.status.profilesTotal = Math.max(run.status.profilesTotal, run.status.profilesDone);
    };
    while (!stopped) {
      // Keep every worker two chunks deep, so none waits for this thread.
      while (!exhausted && flights.length < pool.size * 2) {
        const ids = take(workerChunkSize);
        if (ids.length === 0) { exhausted = true; break; }
        handOut.immediate(ids);
        const flight: InFlight = { ids, seq: ++seq, settled: Promise.resolve() };
        flight.settled = pool.compute(traitContext, ids, deps.clock.now()).then((r) => { flight.result = r; }, (err: unknown) => { flight.error = err; });
        flights.push(flight);
      }
      const ready = flights.findIndex((f) => f.result !== undefined || f.error !== undefined);
      if (ready >= 0) {
        const [flight] = flights.splice(ready, 1);
        if (flight!.error === undefined) writeChunk.immediate(shopId, run, flight!, deps.clock.now());
        else {
          // A worker that died (out of memory on an outsized chunk, say) costs speed, not the recompute:
          // the chunk is computed here from the facts as they are now (the next chunk gets a new worker).
          deps.logger.warn('trait worker failed: chunk computed on the main thread', {
            shopId, profiles: flight!.ids.length, error: flight!.error instanceof Error ? flight!.error.message : String(flight!.error),
          });
          ownChunk.immediate(shopId, run, flight!.ids, deps.clock.now());
        }
        progress(flight!.ids.length);
      } else if (!exhausted) {
        const ids = take(chunkSize);
        if (ids.length === 0) exhausted = true;
        else {
          ownChunk.immediate(shopId, run, ids, deps.clock.now());
          progress(ids.length);
        }
      } else if (flights.length > 0) {
        await Promise.race(flights.map((f) => f.settled));
        continue;
      } else {
        finish.immediate(shopId, run, deps.clock.now());
        Object.assign(run.status, { status: 'done', finishedAt: new Date(deps.clock.now()).toISOString() });
        return;
      }
      checkpoints.soon();
      // One chunk per turn of the event loop: the admin and ingestion keep answering.
      await nextTurn();
    }
  }

  return {
    start(shopId) {
      if (stopped || runs.get(shopId)?.status.status === 'running') return false;
      const run: Run = {
        status: {
          status: 'running', profilesDone: 0, profilesTotal: deps.countProfiles(shopId),
          startedAt: new Date(deps.clock.now()).toISOString(), finishedAt: null, error: null,
        },
        refreshedAt: new Map(),
        derived: [],
        done: Promise.resolve(),
      };
      runs.set(shopId, run);
      checkpoints.pause();
      run.done = nextTurn().then(() => execute(shopId, run)).catch((err: unknown) => {
        Object.assign(run.status, { status: 'failed', finishedAt: new Date(deps.clock.now()).toISOString(), error: 'The recompute stopped on an internal error. Start it again.' });
        deps.logger.error('background recompute failed', { shopId, error: err instanceof Error ? err.message : String(err) });
      }).finally(() => checkpoints.resume());
      return true;
    },
    status: (shopId) => ({ ...(runs.get(shopId)?.status ?? IDLE) }),
    async settled(shopId) {
      await runs.get(shopId)?.done;
      return { ...(runs.get(shopId)?.status ?? IDLE) };
    },
    noteRefreshed(shopId, profileIds) {
      const run = runs.get(shopId);
      if (run?.status.status !== 'running') return;
      const at = ++seq;
      for (const id of profileIds) run.refreshedAt.set(id, at);
    },
    stop() { stopped = true; },
  };
}
