import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../server/demo/create-seeded-random.js';
import { evaluateSegmentQuery } from '../../../server/segments/query/evaluate-segment-query.js';
import { formatSegmentQuery } from '../../../server/segments/query/format-segment-query.js';
import { parseSegmentQuery } from '../../../server/segments/query/parse-segment-query.js';
import { SEGMENT_ATTRIBUTES } from '../../../server/segments/query/segment-attributes.js';
import type { SegmentShopper } from '../../../server/segments/query/segment-shopper.js';
import { segmentTimeDependence } from '../../../server/segments/query/segment-time-dependence.js';
import type { TimeDependence } from '../../../server/segments/query/time-dependence.js';
import { randomSegmentQuery } from './random-segment-query.js';
import { randomSegmentShopper } from './random-segment-shopper.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const BASE = Date.parse('2025-01-20T00:00:00Z');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('segmentTimeDependence', () => {
  it.each<[string, Partial<TimeDependence>]>([
    ['last_order_date > -7d', { dayOffsets: [7, 8], dateAttributes: ['last_order_at'] }],
    ['abandoned_checkout_date = today OR last_seen_date >= yesterday', { dayOffsets: [0, 1, 2], dateAttributes: ['checkout_abandoned_at', 'last_seen_at'] }],
    ['first_order_date < -2w', { dayOffsets: [14, 15], dateAttributes: ['first_order_at'] }],
    ['last_order_date < +1d', { dayOffsets: [-1, 0] }],
    // A month back spans 28 to 31 days, a year 365 or 366.
    ['last_order_date >= -1m', { dayOffsets: range(28, 32) }],
    ['last_order_date >= -1y', { dayOffsets: range(365, 367) }],
    ['last_order_date BETWEEN 2025-01-01 AND -3d', { dayOffsets: [3, 4], dateAttributes: ['last_order_at'] }],
    ['last_order_date > 2025-01-01 AND amount_spent > 3', { dayOffsets: [], dateAttributes: [] }],
    ["shopper_events MATCHES (name = 'Product_Viewed', date >= -7d, count >= 3)", { dayOffsets: [7, 8], eventNames: ['Product_Viewed'], dateAttributes: [] }],
    ["shopper_events MATCHES (name = 'Product_Viewed', date >= 2025-01-01)", { dayOffsets: [], eventNames: [] }],
    ["shopper_events MATCHES (name = 'Checkout_Started', not_followed_by = 'Checkout_Completed', within = 1h)", {
      dayOffsets: [], eventNames: [], sequences: [{ name: 'Checkout_Started', withinMs: HOUR }],
    }],
    ["NOT shopper_events NOT MATCHES (name = 'Cart_ItemAdded', not_followed_by = 'Order_Placed', within = 30min, date > -1d)", {
      dayOffsets: [1, 2], eventNames: ['Cart_ItemAdded'], sequences: [{ name: 'Cart_ItemAdded', withinMs: 1_800_000 }],
    }],
  ])('%s', (query, expected) => {
    const dependence = segmentTimeDependence(parseSegmentQuery(query));
    expect(dependence).toMatchObject(expected);
    expect(dependence.absoluteInstants).toEqual([]);
  });

  it('handles far offsets without walking through the years', () => {
    const { dayOffsets } = segmentTimeDependence(parseSegmentQuery('last_order_date > -9999y'));
    expect(Math.min(...dayOffsets)).toBe(3_652_059);
    expect(Math.max(...dayOffsets)).toBe(3_652_060 + 1);
  });
});

const columnField = new Map<string, keyof SegmentShopper>(Object.values(SEGMENT_ATTRIBUTES).map((a) => [a.column, a.field]));

/** Every instant at which the dependence says this shopper's membership may flip, ascending. */
function predictedFlips(dependence: TimeDependence, shopper: SegmentShopper): number[] {
  const instants: number[] = [];
  const addDays = (ts: number) => {
    const dayStart = Math.floor(ts / DAY) * DAY;
    for (const k of dependence.dayOffsets) instants.push(dayStart + k * DAY);
  };
  for (const column of dependence.dateAttributes) {
    const value = shopper[columnField.get(column)!];
    if (typeof value === 'number') addDays(value);
  }
  for (const event of shopper.events) {
    if (dependence.eventNames.includes(event.name)) addDays(event.occurredAt);
    for (const sequence of dependence.sequences) if (sequence.name === event.name) instants.push(event.occurredAt + sequence.withinMs);
  }
  return instants.sort((a, b) => a - b);
}

describe('segmentTimeDependence against the clock', () => {
  it.each(range(1, 8))('seed %i: every change seen hour by hour over 120 days was predicted', (seed) => {
    const random = createSeededRandom(seed, 11);
    let changes = 0;
    for (let q = 0; q < 25; q++) {
      let query = randomSegmentQuery(random, 2, { baseMs: BASE });
      // Only queries that depend on time: the others can never change here.
      while (segmentTimeDependence(query).dayOffsets.length + segmentTimeDependence(query).sequences.length === 0) {
        query = randomSegmentQuery(random, 2, { baseMs: BASE });
      }
      const dependence = segmentTimeDependence(query);
      for (let s = 0; s < 8; s++) {
        const shopper = randomSegmentShopper(random, BASE);
        const flips = predictedFlips(dependence, shopper);
        let before = evaluateSegmentQuery(query, shopper, BASE - 10 * DAY);
        for (let t = BASE - 10 * DAY + HOUR; t <= BASE + 110 * DAY; t += HOUR) {
          const after = evaluateSegmentQuery(query, shopper, t);
          if (after !== before) {
            changes++;
            const predicted = flips.some((instant) => instant > t - HOUR && instant <= t);
            expect(predicted, `${formatSegmentQuery(query)} changed in (${new Date(t - HOUR).toISOString()}, ${new Date(t).toISOString()}]`).toBe(true);
          }
          before = after;
        }
      }
    }
    // Time-dependent queries must actually occur, or the check proves nothing.
    expect(changes).toBeGreaterThan(15);
  });
});
