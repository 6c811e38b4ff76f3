import type { Db } from '../../db/open-database.js';
import type { SegmentEngineStateQueries } from '../../db/segment-engine-state-queries.js';
import type { SegmentMembershipQueries } from '../../db/segment-membership-queries.js';
import type { SegmentQueries } from '../../db/segment-queries.js';
import { evaluateSegmentsInFull } from './evaluate-memberships.js';
import { refreshProfileTraits, type TraitStores } from './refresh-profile-traits.js';
import { rescoreShopRfm } from './rescore-shop-rfm.js';
import type { ShopSegmentContext } from './shop-segment-context.js';

export interface RecomputeDeps {
  db: Db;
  stores: TraitStores;
  memberships: SegmentMembershipQueries;
  segments: SegmentQueries;
  state: SegmentEngineStateQueries;
}

const CHUNK = 2000;

/**
 * Everything of one shop from scratch: every profile's traits from its facts (chunks of 2,000 profiles,
 * one transaction each, so the write lock is never held for long), RFM, then every active segment over
 * every profile. Synchronous: nothing else runs in between, so the queue can be emptied at the end.
 */
export function recomputeShop(deps: RecomputeDeps, context: ShopSegmentContext, now: number): { profiles: number; changes: number } {
  const { db, stores, memberships } = deps;
  const chunk = db.transaction((ids: number[]) => {
    refreshProfileTraits(stores, context, ids, now);
    memberships.clearDirty(ids);
  });
  let profiles = 0;
  for (let after = 0; ;) {
    const ids = stores.facts.profileIdsAfter(context.shopId, after, CHUNK);
    if (ids.length === 0) break;
    chunk.immediate(ids);
    profiles += ids.length;
    after = ids[ids.length - 1]!;
  }
  const changes = db.transaction(() => {
    const n = finishFullRecompute(deps, context, now);
    memberships.clearDirtyOfShop(context.shopId);
    return n;
  }).immediate();
  return { profiles, changes };
}

/** The end of every full recompute, once all traits are fresh: RFM scored again, then every active segment in full. */
export function finishFullRecompute(deps: Omit<RecomputeDeps, 'db'>, context: ShopSegmentContext, now: number): number {
  deps.state.setRfmScoredAt(context.shopId, now);
  rescoreShopRfm(deps.stores.traits, context.shopId, now);
  // Profiles merged away since they were queued have no traits: their memberships end here.
  return evaluateSegmentsInFull(deps.memberships, deps.segments, context.shopId, context.segments, now);
}
