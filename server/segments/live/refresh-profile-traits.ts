import type { EventQueries } from '../../db/event-queries.js';
import type { ProfileFactsQueries } from '../../db/profile-facts-queries.js';
import type { ProfileTraitsQueries, TraitRow } from '../../db/profile-traits-queries.js';
import { EVENT_CATALOG } from '../../ingest/event-catalog.js';
import type { DeviceClass, StoredEvent } from '../../ingest/stored-event.js';
import { computeProfileTraits, groupedEventNames, PROPERTY_EVENT_NAMES } from '../traits/compute-profile-traits.js';
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

const PROPERTY_NAMES = [...PROPERTY_EVENT_NAMES];

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
  const loaded = stores.facts.load(profileIds, PROPERTY_NAMES, groupedEventNames(context.timeDependence));
  const traitContext = {
    nowMs: now, shopDomain: context.domain, timeDependence: context.timeDependence,
    abandonmentWindowMs: context.cartWindowMs, checkoutAbandonmentWindowMs: context.checkoutWindowMs,
  };
  const result: TraitRefresh = { missing: new Set(), rfmInputsChanged: false, derivedEvents: 0 };
  const rows: TraitRow[] = [];
  for (const profileId of profileIds) {
    const facts = loaded.get(profileId);
    if (facts === undefined || facts.shopId !== context.shopId) {
      result.missing.add(profileId);
      stores.traits.delete(profileId);
      continue;
    }
    const { traits, derivedEvents, recheckAt } = computeProfileTraits(facts, traitContext);
    rows.push({ profileId, traits: traits as unknown as Record<string, unknown>, recheckAt });
    for (const derived of derivedEvents) {
      if (stores.events.exists(context.shopId, derived.eventId)) continue;
      stores.events.insert(context.shopId, profileId, derivedEvent(derived, now));
      result.derivedEvents++;
    }
  }
  result.rfmInputsChanged = stores.traits.upsertMany(context.shopId, rows, now);
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
