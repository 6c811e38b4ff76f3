import type { FactDevice, FactEvent, ProfileFacts } from '../../../server/segments/traits/profile-facts.js';
import { DAY, HOUR, MINUTE, NOW, checkoutRow, order } from './trait-facts.js';

/** A small seeded generator (mulberry32): property tests must replay the same cases when they fail. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(values: readonly T[]): T => values[int(0, values.length - 1)]!;
  return { next, int, pick };
}
export type Random = ReturnType<typeof seededRandom>;

const NAMES = [
  'Page_Viewed', 'Product_Viewed', 'Collection_Viewed', 'Search_Submitted', 'Cart_ItemAdded', 'Cart_ItemAdded', 'Cart_ItemRemoved', 'Cart_Viewed', 'Checkout_Started',
  'Checkout_ShippingSubmitted', 'Checkout_Completed', 'Order_Placed', 'Order_Cancelled', 'Element_RageClicked', 'Page_UTurned',
  'Element_DeadClicked', 'Customer_Identified', 'Cart_Abandoned',
];
const DEVICES: FactDevice[] = ['mobile', 'tablet', 'desktop', 'unknown'];

function properties(rng: Random, name: string): Record<string, unknown> | null {
  const orderId = String(rng.int(1, 4));
  switch (name) {
    case 'Cart_ItemAdded':
    case 'Cart_ItemRemoved':
      return { variantId: String(rng.int(1, 3)), quantity: rng.int(1, 3), price: rng.int(1, 50), ...(rng.next() < 0.3 ? { cartTotal: rng.int(1, 200) } : {}) };
    case 'Checkout_Started':
      return { total: rng.int(1, 200), itemCount: rng.int(1, 5), currency: 'EUR' };
    case 'Checkout_Completed':
      return rng.next() < 0.5 ? { orderId, total: rng.int(1, 200) } : { total: rng.int(1, 200) };
    case 'Order_Placed':
      return { orderId, total: rng.int(1, 200), currency: 'EUR' };
    case 'Order_Cancelled':
      return { orderId };
    default:
      return null;
  }
}

/**
 * Random facts around NOW: events from 40 days before to a few hours after (client clocks run ahead),
 * listed one by one (no view groups). With `ties`, events crowd onto a few instants, some of them at
 * the same millisecond and UTC midnight, to exercise every tie-break.
 */
export function randomFacts(rng: Random, options: { ties?: boolean } = {}): ProfileFacts {
  const count = rng.int(0, 40);
  const instants = Array.from({ length: rng.int(1, 6) }, () => NOW - rng.int(0, 40) * DAY + rng.pick([0, -1, rng.int(0, DAY - 1)]) - 12 * HOUR);
  const events: FactEvent[] = Array.from({ length: count }, (_, i) => {
    const name = rng.pick(NAMES);
    return {
      eventId: `e-${String(rng.int(0, 9999)).padStart(4, '0')}-${i}`,
      name,
      occurredAt: options.ties ? rng.pick(instants) + rng.pick([0, 0, 0, 1, MINUTE]) : NOW - rng.int(0, 40 * DAY / MINUTE) * MINUTE + rng.int(0, 3) * HOUR,
      sessionId: rng.next() < 0.8 ? `s${rng.int(1, 4)}` : null,
      device: rng.pick(DEVICES),
      cartToken: rng.pick([null, 'c1', 'c2']),
      checkoutToken: rng.pick([null, null, 'k1', 'k2']),
      properties: properties(rng, name),
    };
  }).sort((a, b) => a.occurredAt - b.occurredAt || (a.eventId < b.eventId ? -1 : 1));
  const orders = Array.from({ length: rng.int(0, 2) }, () => order(String(rng.int(1, 4)), NOW - rng.int(0, 40) * DAY - rng.int(0, 24) * HOUR, {
    cancelledAt: rng.next() < 0.2 ? NOW : null, test: rng.next() < 0.1, device: rng.pick(DEVICES),
    cartToken: rng.pick([null, 'c1', 'c2']), checkoutToken: rng.pick([null, 'k1', 'k2']),
  }));
  const checkouts = Array.from({ length: rng.int(0, 2) }, (_, i) => {
    const updatedAt = NOW - rng.int(0, 20 * 24) * HOUR;
    return checkoutRow(`k${i + 1}`, updatedAt, {
      createdAt: updatedAt - rng.int(0, 3) * HOUR, completedAt: rng.next() < 0.3 ? updatedAt + rng.int(-1, 2) * HOUR : null,
    });
  });
  const customer = rng.next() < 0.3 ? { emailConsentState: 'subscribed', tags: 'a, b', ordersCount: rng.int(0, 3), totalSpent: rng.int(0, 300) } : null;
  return { profileId: 3, shopId: 1, customerId: null, firstSeenAt: NOW - 50 * DAY, lastSeenAt: NOW - 50 * DAY, events, viewGroups: [], orders, checkouts, customer };
}
