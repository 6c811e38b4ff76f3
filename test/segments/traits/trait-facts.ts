import { expect } from 'vitest';
import { NO_TIME_DEPENDENCE, type TimeDependence } from '../../../server/segments/query/time-dependence.js';
import { computeProfileTraits, groupedEventNames } from '../../../server/segments/traits/compute-profile-traits.js';
import { compareViewGroups, groupViewEvents } from '../../../server/segments/traits/group-view-events.js';
import type { FactCheckout, FactEvent, FactOrder, ProfileFacts, TraitContext } from '../../../server/segments/traits/profile-facts.js';
import type { TraitResult } from '../../../server/segments/traits/profile-traits.js';

/**
 * Builders for computeProfileTraits inputs: plain data, defaults that make no trait fire on their own.
 * facts() lists every event; grouped() is the same facts as the engine loads them.
 */
export const NOW = Date.UTC(2026, 5, 1, 12);
export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DAY = 86_400_000;
export const SHOP_DOMAIN = 'demo-shop.myshopify.com';

let sequence = 0;

export function event(name: string, occurredAt: number, fields: Partial<FactEvent> = {}): FactEvent {
  sequence += 1;
  return {
    eventId: `00000000-0000-7000-8000-${String(sequence).padStart(12, '0')}`,
    name, occurredAt, sessionId: null, device: 'unknown', cartToken: null, checkoutToken: null, properties: null,
    ...fields,
  };
}

/** Cart_ItemAdded of `quantity` × variant, as the storefront tracker stores it. */
export function added(at: number, variantId: string, quantity: number, fields: Partial<FactEvent> = {}, props: Record<string, unknown> = {}): FactEvent {
  return event('Cart_ItemAdded', at, { cartToken: 'cart-1', device: 'mobile', sessionId: 's1', ...fields,
    properties: { productId: `p${variantId}`, variantId, quantity, price: 10, currency: 'EUR', ...props } });
}

export function removed(at: number, variantId: string, quantity: number, fields: Partial<FactEvent> = {}): FactEvent {
  return event('Cart_ItemRemoved', at, { cartToken: 'cart-1', device: 'mobile', sessionId: 's1', ...fields,
    properties: { productId: `p${variantId}`, variantId, quantity, price: 10 } });
}

export function order(orderId: string, createdAt: number, fields: Partial<FactOrder> = {}): FactOrder {
  return {
    orderId, total: 50, createdAt, cancelledAt: null, test: false, device: 'unknown', cartToken: null, checkoutToken: null, itemCount: 1,
    ...fields,
  };
}

export function checkoutRow(token: string, updatedAt: number, fields: Partial<FactCheckout> = {}): FactCheckout {
  return {
    token, cartToken: 'cart-1', total: 80, itemCount: 2, abandonedCheckoutUrl: `https://${SHOP_DOMAIN}/1/checkouts/${token}/recover?key=secret`,
    createdAt: updatedAt, updatedAt, completedAt: null,
    ...fields,
  };
}

export function facts(fields: Partial<ProfileFacts> = {}): ProfileFacts {
  const events = [...(fields.events ?? [])].sort((a, b) => a.occurredAt - b.occurredAt);
  const first = Math.min(NOW - 60 * DAY, ...events.map((e) => e.occurredAt));
  return {
    profileId: 7, shopId: 1, customerId: null, firstSeenAt: first, lastSeenAt: first,
    viewGroups: [], orders: [], checkouts: [], customer: null, ...fields, events,
  };
}

export function context(nowMs: number, fields: Partial<TraitContext> = {}): TraitContext {
  return { nowMs, shopDomain: SHOP_DOMAIN, abandonmentWindowMs: HOUR, timeDependence: NO_TIME_DEPENDENCE, ...fields };
}

/** The facts as the engine's loader gives them for a shop with this dependence: grouped names as view groups. */
export function grouped(f: ProfileFacts, timeDependence: TimeDependence = NO_TIME_DEPENDENCE): ProfileFacts {
  const { events, viewGroups } = groupViewEvents(f.events, groupedEventNames(timeDependence));
  return { ...f, events, viewGroups: [...f.viewGroups, ...viewGroups].sort(compareViewGroups) };
}

/**
 * computeProfileTraits of the facts as the engine loads them (grouped), checked against the same facts
 * listed event by event: every example then holds for both shapes.
 */
export function compute(f: ProfileFacts, ctx: TraitContext): TraitResult {
  const result = computeProfileTraits(grouped(f, ctx.timeDependence), ctx);
  expect(computeProfileTraits(f, ctx), 'raw facts give the same result as grouped ones').toEqual(result);
  return result;
}
