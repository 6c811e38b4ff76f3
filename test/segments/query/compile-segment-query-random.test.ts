import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../server/demo/create-seeded-random.js';
import { compileSegmentQuery } from '../../../server/segments/query/compile-segment-query.js';
import { evaluateSegmentQuery } from '../../../server/segments/query/evaluate-segment-query.js';
import { formatSegmentQuery } from '../../../server/segments/query/format-segment-query.js';
import type { SegmentShopper } from '../../../server/segments/query/segment-shopper.js';
import { randomSegmentQuery } from './random-segment-query.js';
import { randomSegmentShopper } from './random-segment-shopper.js';
import { openSegmentQueryTestDb, type SegmentQueryTestDb } from './segment-query-test-db.js';

const BASE = Date.parse('2025-03-01T00:00:00Z');
const DAY = 86_400_000;
const SHOPPERS = 80;
const SEEDS = 12;
const QUERIES_PER_SEED = 60;
const WAITS = [1_800_000, 3_600_000, 7_200_000, DAY];

describe('compileSegmentQuery agrees with evaluateSegmentQuery on a real SQLite file', () => {
  let store: SegmentQueryTestDb;
  const shoppers = new Map<number, SegmentShopper>();
  const eventTimes: number[] = [];

  beforeAll(() => {
    store = openSegmentQueryTestDb();
    const random = createSeededRandom(4242);
    for (let i = 0; i < SHOPPERS; i++) {
      const shopper = randomSegmentShopper(random, BASE);
      // What the evaluator sees is what was stored: properties go through JSON like the events column.
      const stored = { ...shopper, events: shopper.events.map((e) => ({ ...e, properties: JSON.parse(JSON.stringify(e.properties)) as Record<string, unknown> })) };
      shoppers.set(store.insert(stored), stored);
      eventTimes.push(...stored.events.map((e) => e.occurredAt));
    }
  });
  afterAll(() => store.close());

  it.each(Array.from({ length: SEEDS }, (_, i) => i + 1))(`seed %i: ${QUERIES_PER_SEED} random queries at random instants`, (seed) => {
    const random = createSeededRandom(seed, 7);
    let nonTrivial = 0;
    for (let i = 0; i < QUERIES_PER_SEED; i++) {
      const query = randomSegmentQuery(random, 3, { baseMs: BASE });
      // Any millisecond, day edges included, and the instants where a sequence's wait ends.
      const now = random.chance(0.3)
        ? random.pick(eventTimes) + random.pick(WAITS) + random.int(-1, 1)
        : BASE + random.int(-5, 60) * DAY + random.pick([0, 1, DAY - 1, random.int(0, DAY - 1)]);
      const compiled = compileSegmentQuery(query, now);
      expect(compiled.params.length, 'one parameter per placeholder').toBe(compiled.sql.split('?').length - 1);
      const expected = [...shoppers].filter(([, shopper]) => evaluateSegmentQuery(query, shopper, now)).map(([id]) => id);
      expect(store.matching(compiled), `${formatSegmentQuery(query)} at ${new Date(now).toISOString()}`).toEqual(expected);
      if (expected.length > 0 && expected.length < SHOPPERS) nonTrivial++;
    }
    // The generator must produce queries that split the shoppers, or the comparison proves little.
    expect(nonTrivial).toBeGreaterThan(QUERIES_PER_SEED / 3);
  });
});
