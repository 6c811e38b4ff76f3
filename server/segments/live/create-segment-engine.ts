import type { Clock } from '../../clock.js';
import type { Db } from '../../db/open-database.js';
import { createEventQueries } from '../../db/event-queries.js';
import { createProfileFactsQueries } from '../../db/profile-facts-queries.js';
import { createProfileTraitsQueries } from '../../db/profile-traits-queries.js';
import { createSegmentEngineStateQueries } from '../../db/segment-engine-state-queries.js';
import { createSegmentMembershipQueries, type MembershipReason } from '../../db/segment-membership-queries.js';
import { createSegmentQueries } from '../../db/segment-queries.js';
import { createShopSettingsQueries } from '../../db/shop-settings-queries.js';
import type { Logger } from '../../logger.js';
import { createTurnLoop } from '../../create-turn-loop.js';
import { evaluateMemberships, evaluateSegmentsInFull, utcDay } from './evaluate-memberships.js';
import { refreshProfileTraits } from './refresh-profile-traits.js';
import { rescoreShopRfm } from './rescore-shop-rfm.js';
import type { ShopSegmentContext } from './shop-segment-context.js';
import { createShopContextCache } from './create-shop-context-cache.js';
import { recomputeShop } from './recompute-shop.js';
import { fullEvaluationDue } from './full-evaluation-due.js';
import { createBackgroundRecompute, type BackgroundRecompute } from './create-background-recompute.js';
import { createOverviewQueries } from '../../db/overview-queries.js';
import { createTraitWorkerPool } from './create-trait-worker-pool.js';

export interface SegmentEngineOptions {
  /** A cart or checkout with no purchase this long after its last activity is abandoned (default 1 h), unless the shop set its own. */
  abandonmentWindowMs: number;
  /** How often queued and due profiles are looked for (default 200 ms): the bound on a live update's delay. */
  pollMs?: number;
  /** Profiles recomputed per transaction and per turn of the event loop (default 500). */
  batchSize?: number;
  /** Worker threads for full recomputes (default: one per core beyond the first, at most 3; 0 = none). */
  workers?: number;
  /** A worker's JavaScript heap limit in MB (default 256); a chunk that needs more is computed on the main thread. */
  workerHeapMb?: number;
}

export interface SegmentEngine {
  start(): void;
  /** Runs a turn soon (after the current I/O), e.g. after events were stored. */
  kick(): void;
  stop(): Promise<void>;
  /** One turn, synchronously: up to batchSize queued or due profiles, RFM, one due full evaluation. */
  runOnce(): number;
  /** Turns until nothing is queued, due or scheduled. For the seed, tests and the benchmark. */
  drain(): number;
  /** Every profile of the shop, RFM and every active segment, in full (chunked transactions). */
  recomputeShop(shopId: number): { profiles: number; changes: number };
  /** One segment over every profile now (a segment just created or changed). */
  evaluateSegment(shopId: number, segmentId: number): void;
  /** A full recompute of one shop asked for from the admin, chunk by chunk between other work, with progress. */
  background: BackgroundRecompute;
  /** Worker threads a full recompute uses (0: all on the calling thread). */
  readonly workers: number;
}

/**
 * Keeps traits and memberships current (docs/segments.md#live-membership). Work arrives through the
 * segment_dirty_profiles queue (filled by triggers on every write that matters) and through each
 * profile's recheck_at (the passing of time). Single-process, synchronous turns, like the webhook runner.
 */
export function createSegmentEngine(deps: { db: Db; clock: Clock; logger: Logger; options: SegmentEngineOptions }): SegmentEngine {
  const { db, clock, logger } = deps;
  const window = deps.options.abandonmentWindowMs;
  const pollMs = deps.options.pollMs ?? 200;
  const batchSize = deps.options.batchSize ?? 500;
  const segments = createSegmentQueries(db);
  const memberships = createSegmentMembershipQueries(db);
  const state = createSegmentEngineStateQueries(db);
  const stores = { facts: createProfileFactsQueries(db), traits: createProfileTraitsQueries(db), events: createEventQueries(db) };
  const contextFor = createShopContextCache({ segments, state, settings: createShopSettingsQueries(db), logger, defaultWindowMs: window });
  const profileCount = createOverviewQueries(db);
  const pool = createTraitWorkerPool({ dbPath: db.memory ? '' : db.name, size: deps.options.workers, heapMb: deps.options.workerHeapMb });
  const background = createBackgroundRecompute({
    db, stores, memberships, segments, state, clock, logger, pool, contextFor, countProfiles: (shopId) => profileCount.totalProfiles(shopId), chunkSize: batchSize,
  });

  const liveSegments = (context: ShopSegmentContext) => context.segments.filter((s) => s.row.refreshPolicy === 'live');

  /** Scores RFM again; returns the profiles whose scores changed (their memberships need a look). */
  function rescore(context: ShopSegmentContext, now: number): number[] {
    state.setRfmScoredAt(context.shopId, now);
    return rescoreShopRfm(stores.traits, context.shopId, now);
  }

  const processShop = db.transaction((shopId: number, reasons: Map<number, MembershipReason>, now: number) => {
    const context = contextFor(shopId);
    const ids = [...reasons.keys()];
    const refresh = refreshProfileTraits(stores, context, ids, now);
    memberships.clearDirty(ids);
    background.noteRefreshed(shopId, ids);
    // RFM first, so a buyer's own order and its new group are one change, logged for the reason it happened.
    const rescored = refresh.rfmInputsChanged ? rescore(context, now).filter((id) => !reasons.has(id)) : [];
    const reasonOf = (id: number): MembershipReason => (refresh.missing.has(id) ? 'merge' : reasons.get(id) ?? 'rfm');
    evaluateMemberships(memberships, shopId, liveSegments(context), [...ids, ...rescored], now, reasonOf);
  });

  /** Daily RFM (recency moves with the calendar) and at most one due full evaluation per turn. */
  const runScheduled = db.transaction((now: number): boolean => {
    for (const shopId of segments.shopsWithSegments()) {
      const context = contextFor(shopId);
      const scoredAt = state.get(shopId).rfmScoredAt;
      if (scoredAt === null || utcDay(scoredAt) !== utcDay(now)) {
        const changed = rescore(context, now);
        if (changed.length > 0) evaluateMemberships(memberships, shopId, liveSegments(context), changed, now, () => 'rfm');
      }
      // Read fresh: refreshed_at changes without changing the context's version.
      const dueRow = segments.listActive(shopId).find((row) => fullEvaluationDue(row, now));
      const due = dueRow && context.segments.find((s) => s.row.id === dueRow.id);
      if (due) {
        evaluateSegmentsInFull(memberships, segments, shopId, [due], now);
        return true;
      }
    }
    segments.heartbeatLive(now, now - 30_000);
    return false;
  });

  function runOnce(): number {
    const now = clock.now();
    // First: it may queue a whole shop (a segment or setting changed), which this same turn then starts on.
    let processed = runScheduled.immediate(now) ? 1 : 0;
    const work = new Map<number, Map<number, MembershipReason>>();
    const add = (shopId: number, profileId: number, reason: MembershipReason) => {
      let shop = work.get(shopId);
      if (!shop) work.set(shopId, (shop = new Map()));
      shop.set(profileId, reason);
    };
    for (const due of stores.traits.dueForRecheck(now, batchSize)) add(due.shopId, due.profileId, 'time');
    // Queued after due: a profile both changed and due is logged as a live change.
    for (const dirty of memberships.takeDirty(batchSize)) add(dirty.shopId, dirty.profileId, 'live');
    for (const [shopId, reasons] of work) {
      processShop.immediate(shopId, reasons, now);
      processed += reasons.size;
    }
    return processed;
  }

  function drain(): number {
    let total = 0;
    for (let turns = 0; turns < 1_000_000; turns++) {
      const n = runOnce();
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  const evaluateSegment = db.transaction((shopId: number, segmentId: number) => {
    const now = clock.now();
    const segment = contextFor(shopId).segments.find((s) => s.row.id === segmentId);
    if (segment) evaluateSegmentsInFull(memberships, segments, shopId, [segment], now);
  });

  const loop = createTurnLoop({
    pollMs,
    turn: () => runOnce() >= batchSize,
    onError: (err) => logger.error('segment engine turn failed', { error: err instanceof Error ? err.message : String(err) }),
  });

  return {
    start: loop.start,
    kick: loop.kick,
    async stop() {
      loop.stop();
      background.stop();
      await pool.close();
    },
    runOnce,
    drain,
    recomputeShop: (shopId) => recomputeShop({ db, stores, memberships, segments, state }, contextFor(shopId), clock.now()),
    evaluateSegment: (shopId, segmentId) => evaluateSegment.immediate(shopId, segmentId),
    background,
    workers: pool.size,
  };
}
