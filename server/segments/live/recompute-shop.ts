import type { Db } from '../../db/open-database.js';
import type { SegmentEngineStateQueries } from '../../db/segment-engine-state-queries.js';
import type { SegmentMembershipQueries } from '../../db/segment-membership-queries.js';
import type { SegmentQueries } from '../../db/segment-queries.js';
import { evaluateMemberships, utcDay } from './evaluate-memberships.js';
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
  const { db, stores, memberships, segments, state } = deps;
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
    state.setRfmScoredAt(context.shopId, now);
    rescoreShopRfm(stores.traits, context.shopId, now);
    // Profiles merged away since they were queued have no traits: their memberships end here.
    const n = evaluateMemberships(memberships, context.shopId, context.segments, null, now, () => 'recompute');
    for (const s of context.segments) {
      memberships.touchHistory(s.row.id, utcDay(now));
      segments.markRefreshed(s.row.id, now);
    }
    memberships.clearDirtyOfShop(context.shopId);
    return n;
  }).immediate();
  return { profiles, changes };
}
