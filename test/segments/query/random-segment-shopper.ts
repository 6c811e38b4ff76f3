import type { SeededRandom } from '../../../server/demo/create-seeded-random.js';
import { DEVICES, EMAIL_SUBSCRIPTION_STATUSES, FUNNEL_STAGES, RFM_GROUPS } from '../../../server/segments/query/segment-attributes.js';
import type { SegmentShopper, SegmentShopperEvent } from '../../../server/segments/query/segment-shopper.js';
import { EVENT_NUMBER_POOL, ID_POOL, NUMBER_POOL, RANDOM_EVENT_NAMES, TAG_POOL } from './random-segment-query.js';

const DAY = 86_400_000;

/**
 * A random shopper around `baseMs`: values drawn from the query pools (so comparisons hit equality),
 * many missing values, and events whose properties are sometimes missing or of the wrong type.
 */
export function randomSegmentShopper(random: SeededRandom, baseMs: number): SegmentShopper {
  const maybe = <T>(value: () => T): T | null => (random.chance(0.3) ? null : value());
  // Whole days, day edges and odd milliseconds: the places where day and second bounds differ.
  const date = () => baseMs + random.int(-60, 80) * DAY + random.pick([0, 1, DAY - 1, random.int(0, DAY - 1), 43_200_000]);
  const count = () => random.int(0, 5);
  const amount = () => random.pick(NUMBER_POOL);
  return {
    firstSeenAt: maybe(date), lastSeenAt: maybe(date), sessions: count(), productViews: count(), cartAdds: count(),
    lastCartActivityAt: maybe(date), cartAbandonedAt: maybe(date), cartAbandonedValue: maybe(amount), cartAbandonedItems: maybe(count),
    cartAbandonedDevice: maybe(() => random.pick(DEVICES)), checkoutAbandonedAt: maybe(date), checkoutAbandonedValue: maybe(amount),
    checkoutAbandonedItems: maybe(count), numberOfOrders: count(), amountSpent: amount(), averageOrderValue: maybe(amount),
    firstOrderAt: maybe(date), lastOrderAt: maybe(date), meanDaysBetweenOrders: maybe(amount), primaryDevice: random.pick(DEVICES),
    devicesUsed: count(), funnelStage: random.pick(FUNNEL_STAGES), engagementDepth: amount(), frictionScore: count(),
    emailSubscriptionStatus: maybe(() => random.pick(EMAIL_SUBSCRIPTION_STATUSES)), rfmGroup: random.pick(RFM_GROUPS),
    rfmRecencyScore: maybe(() => random.int(1, 5)), rfmFrequencyScore: maybe(() => random.int(1, 5)), rfmMonetaryScore: maybe(() => random.int(1, 5)),
    customerTags: TAG_POOL.filter(() => random.chance(0.2)),
    events: randomEvents(random, baseMs),
  };
}

function randomEvents(random: SeededRandom, baseMs: number): SegmentShopperEvent[] {
  const events: SegmentShopperEvent[] = [];
  const total = random.int(0, 10);
  for (let i = 0; i < total; i++) {
    const occurredAt = baseMs + random.int(-50, 70) * DAY + random.int(0, DAY - 1);
    events.push({ name: random.pick(RANDOM_EVENT_NAMES), occurredAt, properties: randomProperties(random) });
    // Followers at the sequence edges: exactly 30 min / 1 h later, just after, or a bit later.
    if (random.chance(0.4)) {
      const gap = random.pick([1, 1_800_000, 1_800_001, 3_600_000, 3_600_001, 7_200_000, random.int(0, 2 * DAY)]);
      events.push({ name: random.pick(RANDOM_EVENT_NAMES), occurredAt: occurredAt + gap, properties: randomProperties(random) });
    }
  }
  return events;
}

/** Every key any of RANDOM_EVENT_NAMES can filter on, each present with a random value or absent. */
function randomProperties(random: SeededRandom): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const set = (key: string, value: () => unknown) => {
    if (random.chance(0.6)) properties[key] = value();
  };
  const id = () => (random.chance(0.1) ? Number(random.pick(ID_POOL)) : random.pick(ID_POOL));
  const number = () => (random.chance(0.1) ? random.pick(['10', null, true]) : random.pick(EVENT_NUMBER_POOL));
  const text = () => (random.chance(0.1) ? random.pick([10, null, ['USD']]) : random.pick(['USD', 'EUR', "it's", 'Shirt']));
  const boolean = () => (random.chance(0.1) ? random.pick(['true', 1, null]) : random.chance(0.5));
  for (const key of ['productId', 'variantId', 'orderId']) set(key, id);
  for (const key of ['price', 'total', 'itemCount', 'quantity', 'cartTotal']) set(key, number);
  for (const key of ['title', 'sku', 'vendor', 'productType', 'currency']) set(key, text);
  for (const key of ['isFirstOrder', 'acceptsMarketing']) set(key, boolean);
  set('lineItems', () => (random.chance(0.1)
    ? random.pick([{ productId: '1' }, { line: { productId: '1' } }, 'x', null])
    : Array.from({ length: random.int(0, 3) }, () => random.pick<unknown>([
      { productId: random.pick(ID_POOL), variantId: random.pick(ID_POOL), quantity: 1 }, { productId: 2 }, 'x', ['1'], null, { variantId: '1' },
    ]))));
  return properties;
}
