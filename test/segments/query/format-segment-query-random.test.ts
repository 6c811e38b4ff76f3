import { describe, expect, it } from 'vitest';
import { evaluateSegmentQuery, type SegmentShopper } from '../../../server/segments/query/evaluate-segment-query.js';
import { formatSegmentQuery } from '../../../server/segments/query/format-segment-query.js';
import { parseSegmentQuery } from '../../../server/segments/query/parse-segment-query.js';
import { RFM_GROUPS } from '../../../server/segments/query/segment-attributes.js';
import type { DateValue, SegmentExpression } from '../../../server/segments/query/segment-query-ast.js';

// Deterministic so a failure reproduces; the seed is printed in the test name.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function generate(next: () => number, depth: number): SegmentExpression {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const operator = () => pick(['=', '!=', '>', '>=', '<', '<='] as const);
  const date = (): DateValue => pick<DateValue>([
    { type: 'named', name: 'today' }, { type: 'named', name: 'yesterday' },
    { type: 'offset', amount: -Math.floor(next() * 400), unit: pick(['d', 'w', 'm', 'y'] as const) },
    { type: 'date', year: 2020 + Math.floor(next() * 6), month: 1 + Math.floor(next() * 12), day: 1 + Math.floor(next() * 28) },
  ]);
  const roll = next();
  if (depth > 0 && roll < 0.35) {
    const operands = [generate(next, depth - 1), generate(next, depth - 1)];
    return { kind: roll < 0.17 ? 'and' : 'or', operands, position: 0 };
  }
  if (depth > 0 && roll < 0.45) return { kind: 'not', operand: generate(next, depth - 1), position: 0 };
  return pick<() => SegmentExpression>([
    () => ({ kind: 'number', attribute: 'number_of_orders', operator: operator(), value: Math.floor(next() * 20), position: 0 }),
    () => ({ kind: 'number', attribute: 'amount_spent', operator: 'BETWEEN', low: Math.round(next() * 500) / 4, high: Math.round(next() * 5000) / 4, position: 0 }),
    () => ({ kind: 'date', attribute: 'last_order_date', operator: operator(), value: date(), position: 0 }),
    () => ({ kind: 'date', attribute: 'abandoned_checkout_date', operator: 'BETWEEN', low: date(), high: date(), position: 0 }),
    () => ({ kind: 'enum', attribute: 'rfm_group', operator: pick(['=', '!='] as const), value: pick(RFM_GROUPS), position: 0 }),
    () => ({ kind: 'list', attribute: 'customer_tags', operator: pick(['CONTAINS', 'NOT CONTAINS'] as const), value: pick(['vip', "o'neil", 'a\\b']), position: 0 }),
  ])();
}

const shopper: SegmentShopper = {
  amountSpent: 310.25, numberOfOrders: 4, firstOrderDate: Date.parse('2022-02-01T10:00:00Z'), lastOrderDate: Date.parse('2024-12-24T18:00:00Z'),
  abandonedCheckoutDate: Date.parse('2025-05-01T07:00:00Z'), emailSubscriptionStatus: 'SUBSCRIBED', rfmGroup: 'LOYAL', customerTags: ['VIP'],
};

describe('formatSegmentQuery on random trees', () => {
  it.each(Array.from({ length: 20 }, (_, i) => i + 1))('seed %i: format → parse keeps the meaning', (seed) => {
    const next = random(seed);
    for (let i = 0; i < 50; i++) {
      const tree = generate(next, 4);
      const text = formatSegmentQuery(tree);
      const parsed = parseSegmentQuery(text);
      expect(formatSegmentQuery(parsed), text).toBe(text);
      for (const now of [Date.parse('2025-05-15T12:00:00Z'), Date.parse('2025-01-01T00:00:00Z')]) {
        expect(evaluateSegmentQuery(parsed, shopper, now), text).toBe(evaluateSegmentQuery(tree, shopper, now));
      }
    }
  });
});
