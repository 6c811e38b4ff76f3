import type { ProfileFactsQueries } from '../../db/profile-facts-queries.js';
import type { TraitRow } from '../../db/profile-traits-queries.js';
import { EVENT_CATALOG } from '../../ingest/event-catalog.js';
import type { DeviceClass, StoredEvent } from '../../ingest/stored-event.js';
import { computeProfileTraits, groupedEventNames, PROPERTY_EVENT_NAMES } from '../traits/compute-profile-traits.js';
import type { TimeDependence } from '../query/time-dependence.js';

/** What computing traits needs about a shop: plain data, so a worker thread can receive it. */
export interface TraitShopContext {
  shopId: number;
  domain: string;
  timeDependence: TimeDependence;
  cartWindowMs: number;
  checkoutWindowMs: number;
}

/** An abandonment event that came due, to store unless already stored (its id is derived, so stable). */
export interface DerivedEvent { profileId: number; event: StoredEvent }

/** The traits of some profiles, computed but not yet stored (writeTraitChunk stores them). */
export interface TraitChunk {
  rows: TraitRow[];
  derived: DerivedEvent[];
  /** Ids that are no longer profiles of the shop (merged away or deleted). */
  missing: number[];
}

const PROPERTY_NAMES = [...PROPERTY_EVENT_NAMES];

/**
 * Reads the facts of some profiles and computes their traits: reads only, so it can run on another
 * connection in a worker thread while the main thread writes (server/segments/live/trait-worker.ts).
 */
export function computeTraitChunk(facts: ProfileFactsQueries, context: TraitShopContext, profileIds: readonly number[], now: number): TraitChunk {
  const loaded = facts.load(profileIds, PROPERTY_NAMES, groupedEventNames(context.timeDependence));
  const traitContext = {
    nowMs: now, shopDomain: context.domain, timeDependence: context.timeDependence,
    abandonmentWindowMs: context.cartWindowMs, checkoutAbandonmentWindowMs: context.checkoutWindowMs,
  };
  const chunk: TraitChunk = { rows: [], derived: [], missing: [] };
  for (const profileId of profileIds) {
    const profileFacts = loaded.get(profileId);
    if (profileFacts === undefined || profileFacts.shopId !== context.shopId) {
      chunk.missing.push(profileId);
      continue;
    }
    const { traits, derivedEvents, recheckAt } = computeProfileTraits(profileFacts, traitContext);
    chunk.rows.push({ profileId, traits: traits as unknown as Record<string, unknown>, recheckAt });
    for (const d of derivedEvents) chunk.derived.push({ profileId, event: derivedEvent(d, now) });
  }
  return chunk;
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
