import type { EventQueries } from '../../db/event-queries.js';
import type { ProfileFactsQueries } from '../../db/profile-facts-queries.js';
import type { ProfileTraitsQueries } from '../../db/profile-traits-queries.js';
import { computeTraitChunk, type TraitChunk, type TraitShopContext } from './compute-trait-chunk.js';

export interface TraitStores {
  facts: ProfileFactsQueries;
  traits: ProfileTraitsQueries;
  events: EventQueries;
}

export interface TraitRefresh {
  /** Ids that are no longer profiles (merged away or deleted): their memberships must end. */
  missing: Set<number>;
  /** Whether an order count, spend or last order changed: the shop's RFM scores must be redone. */
  rfmInputsChanged: boolean;
  /** Cart_Abandoned / Checkout_Abandoned events stored now (each at most once, by its derived id). */
  derivedEvents: number;
}

/**
 * Recomputes the traits of some profiles of one shop from everything stored about them (events, orders,
 * checkouts, customer record), and stores the abandonment events that came due. Recomputing from the
 * facts, rather than adding each event to running totals, makes a merge, a late event or a redaction
 * simply another recompute. Caller holds the transaction.
 */
export function refreshProfileTraits(stores: TraitStores, context: TraitShopContext, profileIds: readonly number[], now: number): TraitRefresh {
  return writeTraitChunk(stores, context.shopId, computeTraitChunk(stores.facts, context, profileIds, now), now);
}

/**
 * Stores computed traits: deletes the traits of missing profiles, stores derived events not stored yet,
 * writes changed rows. Caller holds the transaction. `skip`: profiles to leave as they are.
 */
export function writeTraitChunk(stores: Omit<TraitStores, 'facts'>, shopId: number, chunk: TraitChunk, now: number, skip?: (profileId: number) => boolean): TraitRefresh {
  const result: TraitRefresh = { missing: new Set(), rfmInputsChanged: false, derivedEvents: 0 };
  for (const profileId of chunk.missing) {
    if (skip?.(profileId)) continue;
    result.missing.add(profileId);
    stores.traits.delete(profileId);
  }
  for (const { profileId, event } of chunk.derived) {
    if (!skip?.(profileId) && stores.events.insertIfNew(shopId, profileId, event)) result.derivedEvents++;
  }
  const rows = skip ? chunk.rows.filter((r) => !skip(r.profileId)) : chunk.rows;
  result.rfmInputsChanged = stores.traits.upsertMany(shopId, rows, now);
  return result;
}
