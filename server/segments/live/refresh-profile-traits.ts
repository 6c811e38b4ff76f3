import type { EventQueries } from '../../db/event-queries.js';
import type { ProfileFactsQueries } from '../../db/profile-facts-queries.js';
import type { ProfileTraitsQueries, TraitRow } from '../../db/profile-traits-queries.js';
import { EVENT_CATALOG } from '../../ingest/event-catalog.js';
import type { DeviceClass, StoredEvent } from '../../ingest/stored-event.js';
import type { computeProfileTraits } from '../traits/compute-profile-traits.js';
import { computeTraitChunk, type ComputedProfile } from './compute-trait-chunk.js';
import type { ShopSegmentContext } from './shop-segment-context.js';

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
export function refreshProfileTraits(
  stores: TraitStores,
  context: ShopSegmentContext,
  profileIds: readonly number[],
  now: number,
): TraitRefresh {
  return writeTraitChunk(stores, context.shopId, computeTraitChunk(stores.facts, context, profileIds, now), now);
}

/** The write half: stores computed traits and due abandonment events, drops the traits of missing profiles. */
export function writeTraitChunk(stores: TraitStores, shopId: number, computed: readonly ComputedProfile[], now: number): TraitRefresh {
  const result: TraitRefresh = { missing: new Set(), rfmInputsChanged: false, derivedEvents: 0 };
  const rows: TraitRow[] = [];
  for (const profile of computed) {
    if (profile.missing) {
      result.missing.add(profile.profileId);
      stores.traits.delete(profile.profileId);
      continue;
    }
    const { traits, derivedEvents, recheckAt } = profile.result;
    rows.push({ profileId: profile.profileId, traits: traits as unknown as Record<string, unknown>, recheckAt });
    for (const derived of derivedEvents) {
      if (stores.events.exists(shopId, derived.eventId)) continue;
      stores.events.insert(shopId, profile.profileId, derivedEvent(derived, now));
      result.derivedEvents++;
    }
  }
  result.rfmInputsChanged = stores.traits.upsertMany(shopId, rows, now);
  return result;
}

type Derived = ReturnType<typeof computeProfileTraits>['derivedEvents'][number];

function derivedEvent(d: Derived, now: number): StoredEvent {
  return {
    eventId: d.eventId,
    name: d.name,
    occurredAt: d.occurredAt,
    receivedAt: now,
    timeFlagged: false,
    visitorId: null,
    sessionId: null,
    cartToken: d.cartToken,
    checkoutToken: d.checkoutToken,
    identifiers: [],
    device: d.device as DeviceClass,
    os: null,
    browser: null,
    pagePath: null,
    referrerHost: null,
    // The catalog's schema, as for every other event: the same bounds whoever derives it.
    properties: EVENT_CATALOG[d.name as 'Cart_Abandoned' | 'Checkout_Abandoned'].properties.parse(d.properties) as Record<string, unknown>,
    consent: { marketing: null, saleOfData: null, gpc: false },
    source: 'server',
  };
}
