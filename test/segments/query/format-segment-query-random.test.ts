import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../server/demo/create-seeded-random.js';
import { evaluateSegmentQuery } from '../../../server/segments/query/evaluate-segment-query.js';
import { formatSegmentQuery } from '../../../server/segments/query/format-segment-query.js';
import { parseSegmentQuery } from '../../../server/segments/query/parse-segment-query.js';
import type { SegmentExpression } from '../../../server/segments/query/segment-query-ast.js';
import { randomSegmentQuery } from './random-segment-query.js';
import { randomSegmentShopper } from './random-segment-shopper.js';

const BASE = Date.parse('2025-05-01T00:00:00Z');
const withoutPositions = (ast: SegmentExpression): unknown => JSON.parse(JSON.stringify(ast, (key, value: unknown) => (key === 'position' ? undefined : value)));

// Deterministic so a failure reproduces; the seed is printed in the test name.
describe('formatSegmentQuery on random trees (every condition form, behavioral ones included)', () => {
  it.each(Array.from({ length: 20 }, (_, i) => i + 1))('seed %i: format → parse gives the same tree and meaning', (seed) => {
    const random = createSeededRandom(seed, 3);
    const shoppers = Array.from({ length: 4 }, () => randomSegmentShopper(random, BASE));
    for (let i = 0; i < 50; i++) {
      const tree = randomSegmentQuery(random, 4, { baseMs: BASE });
      const text = formatSegmentQuery(tree);
      const parsed = parseSegmentQuery(text);
      expect(formatSegmentQuery(parsed), text).toBe(text);
      expect(withoutPositions(parsed), text).toEqual(withoutPositions(tree));
      for (const now of [BASE + 14 * 86_400_000 + 43_200_000, Date.parse('2025-01-01T00:00:00Z')]) {
        for (const shopper of shoppers) expect(evaluateSegmentQuery(parsed, shopper, now), text).toBe(evaluateSegmentQuery(tree, shopper, now));
      }
    }
  });
});
