import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, NOW, SHOP_DOMAIN, added, compute, context, event, facts, order, removed } from './trait-facts.js';

const L = NOW - 3 * HOUR;

/** Two of variant 111 and one of 222 added, one 111 removed: one of each left, last activity at L. */
const cartEvents = () => [
  added(L - 20 * MINUTE, '111', 2),
  added(L - 10 * MINUTE, '222', 1, {}, { price: 5 }),
  removed(L, '111', 1),
];

describe('cart abandonment', () => {
  it('falls due exactly at L + 1 hour, not a millisecond before', () => {
    const before = compute(facts({ events: cartEvents() }), context(L + HOUR - 1));
    expect(before.derivedEvents).toEqual([]);
    expect(before.traits.cartAbandonedAt).toBeNull();
    expect(before.recheckAt).toBe(L + HOUR);

    const at = compute(facts({ events: cartEvents() }), context(L + HOUR));
    expect(at.derivedEvents).toHaveLength(1);
    expect(at.derivedEvents[0]).toMatchObject({
      name: 'Cart_Abandoned', occurredAt: L + HOUR, cartToken: 'cart-1', checkoutToken: null, device: 'mobile',
      properties: { itemCount: 2, total: 15, currency: 'EUR', idleMs: HOUR },
    });
    expect(at.traits).toMatchObject({
      cartAbandonedAt: L + HOUR, cartAbandonedValue: 15, cartAbandonedItems: 2, cartAbandonedDevice: 'MOBILE',
      cartRecoveryUrl: `https://${SHOP_DOMAIN}/cart/111:1,222:1`, lastCartActivityAt: L, cartAdds: 2,
    });
  });

  it("uses Shopify's cart total when the last cart event reports one", () => {
    const events = [added(L, '111', 1, {}, { cartTotal: 12.5 })];
    expect(compute(facts({ events }), context(NOW)).traits.cartAbandonedValue).toBe(12.5);
  });

  it('emits once: the same episode always gets the same id, a new episode another', () => {
    const first = compute(facts({ events: cartEvents() }), context(L + HOUR));
    const later = compute(facts({ events: cartEvents() }), context(NOW));
    expect(later.derivedEvents.map((e) => e.eventId)).toEqual(first.derivedEvents.map((e) => e.eventId));
    expect(first.derivedEvents[0]!.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    // The shopper comes back 2 hours after L, adds one more and leaves again: a second episode.
    const back = [...cartEvents(), added(L + 2 * HOUR, '333', 1)];
    const again = compute(facts({ events: back }), context(L + 3 * HOUR));
    expect(again.derivedEvents.map((e) => e.occurredAt)).toEqual([L + HOUR, L + 3 * HOUR]);
    expect(again.derivedEvents[0]!.eventId).toBe(first.derivedEvents[0]!.eventId);
    expect(again.derivedEvents[1]!.eventId).not.toBe(first.derivedEvents[0]!.eventId);
    expect(again.traits).toMatchObject({ cartAbandonedAt: L + 3 * HOUR, cartAbandonedItems: 3,
      cartRecoveryUrl: `https://${SHOP_DOMAIN}/cart/111:1,222:1,333:1` });
  });

  it('gives another shop or another cart token another id', () => {
    const a = compute(facts({ events: cartEvents() }), context(NOW)).derivedEvents[0]!.eventId;
    const otherShop = compute(facts({ shopId: 2, events: cartEvents() }), context(NOW)).derivedEvents[0]!.eventId;
    const otherCart = compute(facts({ events: [added(L, '111', 1, { cartToken: 'cart-2' })] }), context(NOW)).derivedEvents[0]!;
    expect(new Set([a, otherShop, otherCart.eventId]).size).toBe(3);
    expect(otherCart.cartToken).toBe('cart-2');
  });

  it('is cleared by a later purchase, while the event stays', () => {
    const result = compute(facts({ events: cartEvents(), orders: [order('9001', L + 5 * HOUR / 2)] }), context(NOW));
    expect(result.derivedEvents.map((e) => e.name)).toEqual(['Cart_Abandoned']);
    expect(result.traits).toMatchObject({ cartAbandonedAt: null, cartAbandonedValue: null, cartAbandonedItems: null,
      cartAbandonedDevice: null, cartRecoveryUrl: null });
  });

  it('is not abandoned when the shopper buys within the window (even at its last instant)', () => {
    for (const at of [L, L + 30 * MINUTE, L + HOUR]) {
      const result = compute(facts({ events: cartEvents(), orders: [order('9001', at)] }), context(NOW));
      expect(result.derivedEvents).toEqual([]);
      expect(result.traits.cartAbandonedAt).toBeNull();
    }
    const pixel = event('Checkout_Completed', L + 40 * MINUTE, { properties: { orderId: '9002', total: 15 } });
    expect(compute(facts({ events: [...cartEvents(), pixel] }), context(NOW)).derivedEvents).toEqual([]);
    // One millisecond late is a purchase after the abandonment: the event exists, the trait is cleared.
    const late = compute(facts({ events: cartEvents(), orders: [order('9001', L + HOUR + 1)] }), context(NOW));
    expect(late.derivedEvents).toHaveLength(1);
    expect(late.traits.cartAbandonedAt).toBeNull();
  });

  it('counts an order of this very cart token as converting it, even when stamped before the last cart event', () => {
    const result = compute(facts({ events: cartEvents(), orders: [order('9001', L - 2 * MINUTE, { cartToken: 'cart-1' })] }), context(NOW));
    expect(result.derivedEvents).toEqual([]);
    const otherCart = compute(facts({ events: cartEvents(), orders: [order('9001', L - 2 * MINUTE, { cartToken: 'cart-9' })] }), context(NOW));
    expect(otherCart.derivedEvents).toHaveLength(1);
  });

  it('takes a configurable window', () => {
    const twoHours = { abandonmentWindowMs: 2 * HOUR };
    expect(compute(facts({ events: cartEvents() }), context(L + HOUR, twoHours)).derivedEvents).toEqual([]);
    expect(compute(facts({ events: cartEvents() }), context(L + HOUR, twoHours)).recheckAt).toBe(L + 2 * HOUR);
    const due = compute(facts({ events: cartEvents() }), context(L + 2 * HOUR, twoHours));
    expect(due.derivedEvents[0]).toMatchObject({ occurredAt: L + 2 * HOUR, properties: { idleMs: 2 * HOUR } });
    // Activity 90 minutes apart is one visit under a 2-hour window, two under the default hour.
    const gap = [added(L - 90 * MINUTE, '111', 1), added(L, '222', 1)];
    expect(compute(facts({ events: gap }), context(NOW, twoHours)).derivedEvents.map((e) => e.occurredAt)).toEqual([L + 2 * HOUR]);
    expect(compute(facts({ events: gap }), context(NOW)).derivedEvents.map((e) => e.occurredAt)).toEqual([L - 30 * MINUTE, L + HOUR]);
  });

  it('ignores a cart emptied by removals', () => {
    const result = compute(facts({ events: [added(L - MINUTE, '111', 2), removed(L, '111', 2)] }), context(NOW));
    expect(result.derivedEvents).toEqual([]);
    expect(result.traits).toMatchObject({ cartAbandonedAt: null, lastCartActivityAt: L });
  });

  it('puts cart events without a token in the current cart, and the first ones in the next cart named', () => {
    const events = [
      added(L - 30 * MINUTE, '111', 1, { cartToken: null }), // before Shopify gave the cart a token
      added(L - 20 * MINUTE, '222', 1),
      event('Cart_Viewed', L - 15 * MINUTE, { cartToken: 'cart-1', sessionId: 's1' }),
      added(L, '333', 1, { cartToken: null }),
    ];
    const result = compute(facts({ events }), context(NOW));
    expect(result.derivedEvents).toHaveLength(1);
    expect(result.derivedEvents[0]).toMatchObject({ cartToken: 'cart-1', properties: { itemCount: 3, total: 30 } });
    // A profile that never had a token still gets its abandonment, with a stable id of its own.
    const tokenless = facts({ events: [added(L, '111', 1, { cartToken: null })] });
    const once = compute(tokenless, context(NOW)).derivedEvents;
    expect(once).toHaveLength(1);
    expect(once[0]!.cartToken).toBeNull();
    expect(compute(tokenless, context(NOW + HOUR)).derivedEvents[0]!.eventId).toBe(once[0]!.eventId);
  });

  it('leaves lines known only by product out of the recovery link', () => {
    const byProduct = event('Cart_ItemAdded', L, { cartToken: 'cart-1', properties: { productId: '55', quantity: 1, price: 4 } });
    const result = compute(facts({ events: [added(L - MINUTE, 'gid://shopify/ProductVariant/111', 2), byProduct] }), context(NOW));
    expect(result.traits).toMatchObject({ cartAbandonedItems: 3, cartAbandonedValue: 24, cartRecoveryUrl: `https://${SHOP_DOMAIN}/cart/111:2` });
    const none = compute(facts({ events: [byProduct] }), context(NOW));
    expect(none.traits).toMatchObject({ cartAbandonedItems: 1, cartRecoveryUrl: null });
  });

  it('does not feed its own stored events back into the traits', () => {
    const first = compute(facts({ events: cartEvents() }), context(NOW));
    const stored = first.derivedEvents.map((d) => event(d.name, d.occurredAt, { eventId: d.eventId, cartToken: d.cartToken, device: 'mobile', properties: null }));
    const second = compute(facts({ events: [...cartEvents(), ...stored] }), context(NOW));
    expect(second.traits).toEqual(first.traits);
    expect(second.derivedEvents).toEqual(first.derivedEvents);
  });
});
