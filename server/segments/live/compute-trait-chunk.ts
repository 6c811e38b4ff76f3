import type { ProfileFactsQueries } from '../../db/profile-facts-queries.js';
import { computeProfileTraits, groupedEventNames, PROPERTY_EVENT_NAMES } from '../traits/compute-profile-traits.js';
import type { TimeDependence } from '../query/time-dependence.js';

/** What computing a chunk needs to know about the shop: plain data, so it can cross to a worker thread. */
export interface TraitChunkContext {
  shopId: number;
  domain: string;
  timeDependence: TimeDependence;
  cartWindowMs: number;
  checkoutWindowMs: number;
}

export type ComputedProfile =
  | { profileId: number; missing: true }
  | { profileId: number; missing: false; result: ReturnType<typeof computeProfileTraits> };

const PROPERTY_NAMES = [...PROPERTY_EVENT_NAMES];

/**
 * Loads and computes the traits of some profiles of one shop, writing nothing: the read half of a
 * refresh, which a full recompute runs on worker threads (compute-traits-in-workers.ts).
 */
export function computeTraitChunk(facts: ProfileFactsQueries, context: TraitChunkContext, profileIds: readonly number[], now: number): ComputedProfile[] {
  const loaded = facts.load(profileIds, PROPERTY_NAMES, groupedEventNames(context.timeDependence));
  const traitContext = {
    nowMs: now, shopDomain: context.domain, timeDependence: context.timeDependence,
    abandonmentWindowMs: context.cartWindowMs, checkoutAbandonmentWindowMs: context.checkoutWindowMs,
  };
  return profileIds.map((profileId): ComputedProfile => {
    const profile = loaded.get(profileId);
    if (profile === undefined || profile.shopId !== context.shopId) return { profileId, missing: true };
    return { profileId, missing: false, result: computeProfileTraits(profile, traitContext) };
  });
}
