import { compareDate, compareNumbers, satisfiesComparison } from './compare-segment-values.js';
import { evaluateShopperEventsCondition } from './evaluate-shopper-events-condition.js';
import { SEGMENT_ATTRIBUTES } from './segment-attributes.js';
import type { SegmentCondition, SegmentExpression } from './segment-query-ast.js';
import type { SegmentShopper } from './segment-shopper.js';

export type { SegmentShopper, SegmentShopperEvent } from './segment-shopper.js';

/**
 * Whether a shopper matches a parsed query at `nowMs`. Null semantics (docs/segment-language.md#missing-values-null):
 * a missing value fails every comparison except `!=`, which it passes, so `a != x` is always `NOT (a = x)`
 * and `NOT` is a plain complement (two-valued logic, no SQL UNKNOWN). compileSegmentQuery must agree.
 */
export function evaluateSegmentQuery(expression: SegmentExpression, shopper: SegmentShopper, nowMs: number): boolean {
  switch (expression.kind) {
    case 'or':
      return expression.operands.some((operand) => evaluateSegmentQuery(operand, shopper, nowMs));
    case 'and':
      return expression.operands.every((operand) => evaluateSegmentQuery(operand, shopper, nowMs));
    case 'not':
      return !evaluateSegmentQuery(expression.operand, shopper, nowMs);
    default:
      return evaluateCondition(expression, shopper, nowMs);
  }
}

function evaluateCondition(condition: SegmentCondition, shopper: SegmentShopper, nowMs: number): boolean {
  switch (condition.kind) {
    case 'number': {
      const value = (shopper[SEGMENT_ATTRIBUTES[condition.attribute].field] ?? null) as number | null;
      if (value === null) return condition.operator === '!=';
      return satisfiesComparison(value, condition, compareNumbers);
    }
    case 'date': {
      const value = (shopper[SEGMENT_ATTRIBUTES[condition.attribute].field] ?? null) as number | null;
      if (value === null) return condition.operator === '!=';
      return satisfiesComparison(value, condition, (ms, operator, bound) => compareDate(ms, operator, bound, nowMs));
    }
    case 'enum': {
      const value = (shopper[SEGMENT_ATTRIBUTES[condition.attribute].field] ?? null) as string | null;
      return (value === condition.value) === (condition.operator === '=');
    }
    case 'list': {
      // Shopify compares tags without regard to case (but with whitespace).
      const wanted = condition.value.toLowerCase();
      const contains = shopper.customerTags.some((tag) => tag.toLowerCase() === wanted);
      return contains === (condition.operator === 'CONTAINS');
    }
    case 'events':
      return evaluateShopperEventsCondition(condition, shopper.events, nowMs);
  }
}
