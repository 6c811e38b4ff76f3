import type { RecomputeStatus } from '../../admin-api/admin-api-types.js';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../logger.js';
import { refreshProfileTraits } from './refresh-profile-traits.js';
import { finishFullRecompute, type RecomputeDeps } from './recompute-shop.js';
import type { ShopSegmentContext } from './shop-segment-context.js';

export interface BackgroundRecompute {
  /** Starts a full recompute of the shop; false when one is already running for it. */
  start(shopId: number): boolean;
  status(shopId: number): RecomputeStatus;
  /** Stops every running recompute after its current chunk (the server is shutting down). */
  stop(): void;
}

const IDLE: RecomputeStatus = { status: 'idle', profilesDone: 0, profilesTotal: 0, startedAt: null, finishedAt: null, error: null };

/**
 * recomputeShop's work, asked for from the admin: the same steps (every profile's traits in chunks, then
 * RFM and every active segment over everyone), but each chunk in its own turn of the event loop so the
 * admin and ingestion keep answering. Events arriving meanwhile queue their profiles as usual; unlike
 * the synchronous recompute the shop's queue is not emptied at the end, since it may hold newer work.
 */
export function createBackgroundRecompute(deps: RecomputeDeps & {
  clock: Clock; logger: Logger; contextFor(shopId: number): ShopSegmentContext; countProfiles(shopId: number): number; chunkSize?: number;
}): BackgroundRecompute {
  const { db, stores, memberships } = deps;
  const chunkSize = deps.chunkSize ?? 500;
  const runs = new Map<number, RecomputeStatus>();
  let stopped = false;

  const chunk = db.transaction((shopId: number, after: number, now: number): number[] => {
    const ids = stores.facts.profileIdsAfter(shopId, after, chunkSize);
    if (ids.length > 0) {
      refreshProfileTraits(stores, deps.contextFor(shopId), ids, now);
      memberships.clearDirty(ids);
    }
    return ids;
  });

  const finish = db.transaction((shopId: number, now: number) => { finishFullRecompute(deps, deps.contextFor(shopId), now); });

  function step(shopId: number, status: RecomputeStatus, after: number): void {
    if (stopped) return;
    try {
      const ids = chunk.immediate(shopId, after, deps.clock.now());
      if (ids.length > 0) {
        status.profilesDone += ids.length;
        status.profilesTotal = Math.max(status.profilesTotal, status.profilesDone);
        setImmediate(step, shopId, status, ids[ids.length - 1]!);
        return;
      }
      finish.immediate(shopId, deps.clock.now());
      Object.assign(status, { status: 'done', finishedAt: new Date(deps.clock.now()).toISOString() });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      Object.assign(status, { status: 'failed', finishedAt: new Date(deps.clock.now()).toISOString(), error: 'The recompute stopped on an internal error. Start it again.' });
      deps.logger.error('background recompute failed', { shopId, error: message });
    }
  }

  return {
    start(shopId) {
      if (stopped || runs.get(shopId)?.status === 'running') return false;
      const status: RecomputeStatus = {
        status: 'running', profilesDone: 0, profilesTotal: deps.countProfiles(shopId),
        startedAt: new Date(deps.clock.now()).toISOString(), finishedAt: null, error: null,
      };
      runs.set(shopId, status);
      setImmediate(step, shopId, status, 0);
      return true;
    },
    status: (shopId) => ({ ...(runs.get(shopId) ?? IDLE) }),
    stop() { stopped = true; },
  };
}
