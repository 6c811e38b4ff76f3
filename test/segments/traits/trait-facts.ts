import { NO_TIME_DEPENDENCE } from '../../../server/segments/query/time-dependence.js';
import type { FactCheckout, FactEvent, FactOrder, ProfileFacts, TraitContext } from '../../../server/segments/traits/profile-facts.js';

/** Builders for computeProfileTraits inputs: plain data, defaults that make no trait fire on their own. */
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
    orders: [], checkouts: [], customer: null, ...fields, events,
  };
}

export function context(nowMs: number, fields: Partial<TraitContext> = {}): TraitContext {
  return { nowMs, shopDomain: SHOP_DOMAIN, abandonmentWindowMs: HOUR, timeDependence: NO_TIME_DEPENDENCE, ...fields };
}
