import { abandonmentEvent, currentAbandonment, type Abandonment } from './abandonment.js';
import { computeActivityTraits } from './activity-traits.js';
import { findCartAbandonments } from './cart-abandonment.js';
import { findCheckoutAbandonments } from './checkout-abandonment.js';
import { collectOrders } from './collect-orders.js';
import { computeRecheckAt } from './compute-recheck-at.js';
import { computeCustomerRecordTraits } from './customer-record-traits.js';
import { computeDeviceTraits, deviceTrait } from './device-traits.js';
import { groupViewEvents } from './group-view-events.js';
import { GROUPABLE_EVENT_NAMES } from './grouped-event-names.js';
import { computeOrderTraits } from './order-traits.js';
import type { FactEvent, FactViewGroup, ProfileFacts, TraitContext } from './profile-facts.js';
import type { ProfileTraits, TraitResult } from './profile-traits.js';
import { computeRecentActivityTraits } from './recent-activity-traits.js';
import { summarizeActivity } from './summarize-activity.js';

// The engine loads the facts with the event names whose properties are parsed and those it groups:
// one import for all.
export { PROPERTY_EVENT_NAMES } from './property-event-names.js';
export { GROUPABLE_EVENT_NAMES, groupedEventNames } from './grouped-event-names.js';

/** Our own output: stored abandonments come back in the facts and must not feed the traits that made them. */
const DERIVED_EVENT_NAMES: ReadonlySet<string> = new Set(['Cart_Abandoned', 'Checkout_Abandoned']);
const GROUPABLE: ReadonlySet<string> = new Set(GROUPABLE_EVENT_NAMES);

/**
 * Pure: one profile's traits (docs/segments.md "Traits"), the abandonment events due at ctx.nowMs and
 * the next instant time alone can change either. The result depends on nowMs only through the 30-day
 * window and the abandonments falling due, which is what makes recheckAt exact.
 */
export function computeProfileTraits(facts: ProfileFacts, ctx: TraitContext): TraitResult {
  const { nowMs, abandonmentWindowMs: windowMs } = ctx;
  if (!Number.isFinite(nowMs)) throw new RangeError('computeProfileTraits: nowMs must be a finite epoch ms');
  const checkoutWindowMs = ctx.checkoutAbandonmentWindowMs ?? windowMs;
  if (!Number.isFinite(windowMs) || windowMs <= 0 || !Number.isFinite(checkoutWindowMs) || checkoutWindowMs <= 0) {
    throw new RangeError('computeProfileTraits: abandonment windows must be positive');
  }
  const stored = inTimeOrder(facts.events);
  const { events, groups } = shopperActivity(stored, facts.viewGroups);
  const summary = summarizeActivity(events, groups);

  const { orders, purchases } = collectOrders(events, facts.orders, facts.checkouts);
  const counted = orders.filter((o) => o.counted);
  const order = computeOrderTraits(orders, facts.customer);
  const carts = findCartAbandonments(events, purchases, windowMs, ctx.shopDomain);
  const checkouts = findCheckoutAbandonments(events, facts.checkouts, purchases, checkoutWindowMs);
  const dueCarts = dueBy(carts, nowMs);
  const dueCheckouts = dueBy(checkouts, nowMs);
  const lastPurchaseAt = purchases.at(-1)?.at ?? null;
  const cart = currentAbandonment(dueCarts, lastPurchaseAt);
  const checkout = currentAbandonment(dueCheckouts, lastPurchaseAt);

  const activity = computeActivityTraits(summary, facts);
  const devices = computeDeviceTraits(summary.sessions, counted);
  const recent = computeRecentActivityTraits(summary, events, order.numberOfOrders, nowMs);
  const customer = computeCustomerRecordTraits(facts.customer);
  // Spelled out rather than spread: one object shape for every profile keeps a shop's recompute fast.
  const traits: ProfileTraits = {
    profileId: facts.profileId,
    shopId: facts.shopId,
    customerId: facts.customerId,
    firstSeenAt: activity.firstSeenAt,
    lastSeenAt: activity.lastSeenAt,
    productViews: activity.productViews,
    cartAdds: activity.cartAdds,
    lastCartActivityAt: activity.lastCartActivityAt,
    cartAbandonedAt: cart?.abandonedAt ?? null,
    cartAbandonedValue: cart?.total ?? null,
    cartAbandonedItems: cart?.itemCount ?? null,
    cartAbandonedDevice: cart ? deviceTrait(cart.device) : null,
    cartRecoveryUrl: cart?.recoveryUrl ?? null,
    checkoutAbandonedAt: checkout?.abandonedAt ?? null,
    checkoutAbandonedValue: checkout?.total ?? null,
    checkoutAbandonedItems: checkout?.itemCount ?? null,
    checkoutRecoveryUrl: checkout?.recoveryUrl ?? null,
    numberOfOrders: order.numberOfOrders,
    amountSpent: order.amountSpent,
    averageOrderValue: order.averageOrderValue,
    firstOrderAt: order.firstOrderAt,
    lastOrderAt: order.lastOrderAt,
    meanDaysBetweenOrders: order.meanDaysBetweenOrders,
    sessions: devices.sessions,
    primaryDevice: devices.primaryDevice,
    deviceMix: devices.deviceMix,
    devicesUsed: devices.devicesUsed,
    funnelStage: recent.funnelStage,
    engagementDepth: recent.engagementDepth,
    frictionScore: recent.frictionScore,
    emailSubscriptionStatus: customer.emailSubscriptionStatus,
    customerTags: customer.customerTags,
    customerTagsFolded: customer.customerTagsFolded,
  };
  const derivedEvents = dueCarts.length + dueCheckouts.length === 0 ? [] : [...dueCarts, ...dueCheckouts]
    .sort((a, b) => a.abandonedAt - b.abandonedAt)
    .map((a) => abandonmentEvent(a, facts.shopId, facts.profileId, windowMs));
  const recheckAt = computeRecheckAt({
    nowMs,
    recentActivityChangesAt: recent.changesAt,
    membershipEvents: [stored, derivedEvents],
    viewGroups: facts.viewGroups,
    abandonments: [carts, checkouts],
    traits,
    timeDependence: ctx.timeDependence,
  });
  return { traits, derivedEvents, recheckAt };
}

/**
 * The shopper's own events, without our derived ones and without grouped names, and every view as a
 * group: raw views of a groupable name (a sequence head the loader kept, or facts built by hand) are
 * grouped here, so each view-related trait has one code path and raw and grouped facts agree.
 */
function shopperActivity(stored: readonly FactEvent[], viewGroups: readonly FactViewGroup[]) {
  let clean = true;
  for (const e of stored) {
    if (DERIVED_EVENT_NAMES.has(e.name) || GROUPABLE.has(e.name)) {
      clean = false;
      break;
    }
  }
  if (clean) return { events: stored, groups: viewGroups };
  const grouped = groupViewEvents(stored.filter((e) => !DERIVED_EVENT_NAMES.has(e.name)), GROUPABLE);
  return { events: grouped.events, groups: grouped.viewGroups.length === 0 ? viewGroups : [...viewGroups, ...grouped.viewGroups] };
}

function dueBy(list: readonly Abandonment[], nowMs: number): Abandonment[] {
  return list.length === 0 ? [] : list.filter((a) => a.abandonedAt <= nowMs);
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
