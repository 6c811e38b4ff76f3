import { abandonmentEvent, currentAbandonment, type Abandonment } from './abandonment.js';
import { computeActivityTraits } from './activity-traits.js';
import { findCartAbandonments } from './cart-abandonment.js';
import { findCheckoutAbandonments } from './checkout-abandonment.js';
import { collectOrders } from './collect-orders.js';
import { computeRecheckAt } from './compute-recheck-at.js';
import { computeCustomerRecordTraits } from './customer-record-traits.js';
import { computeDeviceTraits, deviceTrait } from './device-traits.js';
import { computeOrderTraits } from './order-traits.js';
import type { FactEvent, ProfileFacts, TraitContext } from './profile-facts.js';
import type { ProfileTraits, TraitResult } from './profile-traits.js';
import { computeRecentActivityTraits } from './recent-activity-traits.js';

// The engine loads the facts with the event names whose properties are parsed: one import for both.
export { PROPERTY_EVENT_NAMES } from './property-event-names.js';

/** Our own output: stored abandonments come back in the facts and must not feed the traits that made them. */
const DERIVED_EVENT_NAMES: ReadonlySet<string> = new Set(['Cart_Abandoned', 'Checkout_Abandoned']);

/**
 * Pure: one profile's traits (docs/segments.md "Traits"), the abandonment events due at ctx.nowMs and
 * the next instant time alone can change either. The result depends on nowMs only through the 30-day
 * window and the abandonments falling due, which is what makes recheckAt exact.
 */
export function computeProfileTraits(facts: ProfileFacts, ctx: TraitContext): TraitResult {
  const { nowMs, abandonmentWindowMs: windowMs } = ctx;
  if (!Number.isFinite(nowMs)) throw new RangeError('computeProfileTraits: nowMs must be a finite epoch ms');
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError('computeProfileTraits: abandonmentWindowMs must be positive');
  const stored = inTimeOrder(facts.events);
  const events = stored.filter((e) => !DERIVED_EVENT_NAMES.has(e.name));

  const { orders, purchases } = collectOrders(events, facts.orders, facts.checkouts);
  const counted = orders.filter((o) => o.counted);
  const orderTraits = computeOrderTraits(orders, facts.customer);
  const carts = findCartAbandonments(events, purchases, windowMs, ctx.shopDomain);
  const checkouts = findCheckoutAbandonments(events, facts.checkouts, purchases, windowMs);
  const due = (list: Abandonment[]) => list.filter((a) => a.abandonedAt <= nowMs);
  const lastPurchaseAt = purchases.at(-1)?.at ?? null;
  const cart = currentAbandonment(due(carts), lastPurchaseAt);
  const checkout = currentAbandonment(due(checkouts), lastPurchaseAt);

  const { changesAt: recentActivityChangesAt, ...recentActivity } = computeRecentActivityTraits(events, orderTraits.numberOfOrders, nowMs);
  const traits: ProfileTraits = {
    profileId: facts.profileId,
    shopId: facts.shopId,
    customerId: facts.customerId,
    ...computeActivityTraits(events, facts),
    cartAbandonedAt: cart?.abandonedAt ?? null,
    cartAbandonedValue: cart?.total ?? null,
    cartAbandonedItems: cart?.itemCount ?? null,
    cartAbandonedDevice: cart ? deviceTrait(cart.device) : null,
    cartRecoveryUrl: cart?.recoveryUrl ?? null,
    checkoutAbandonedAt: checkout?.abandonedAt ?? null,
    checkoutAbandonedValue: checkout?.total ?? null,
    checkoutAbandonedItems: checkout?.itemCount ?? null,
    checkoutRecoveryUrl: checkout?.recoveryUrl ?? null,
    ...orderTraits,
    ...computeDeviceTraits(events, counted),
    ...recentActivity,
    ...computeCustomerRecordTraits(facts.customer),
  };
  const derivedEvents = [...due(carts), ...due(checkouts)]
    .sort((a, b) => a.abandonedAt - b.abandonedAt)
    .map((a) => abandonmentEvent(a, facts.shopId, facts.profileId, windowMs));
  const recheckAt = computeRecheckAt({
    nowMs,
    recentActivityChangesAt,
    membershipEvents: [stored, derivedEvents],
    abandonedAts: [...carts, ...checkouts].map((a) => a.abandonedAt),
    traits,
    timeDependence: ctx.timeDependence,
  });
  return { traits, derivedEvents, recheckAt };
}

/** The contract promises time order; a caller that breaks it gets a sorted copy rather than wrong traits. */
function inTimeOrder(events: readonly FactEvent[]): readonly FactEvent[] {
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.occurredAt < events[i - 1]!.occurredAt) {
      return [...events].sort((a, b) => a.occurredAt - b.occurredAt || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
    }
  }
  return events;
}
