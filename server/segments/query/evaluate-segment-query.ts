import type { ComparisonOperator, DateValue, SegmentCondition, SegmentExpression } from './segment-query-ast.js';
import { resolveSegmentDate } from './resolve-segment-date.js';

/** What a query can see about one shopper. Dates are ms since the epoch, null when it never happened. */
export interface SegmentShopper {
  amountSpent: number;
  numberOfOrders: number;
  firstOrderDate: number | null;
  lastOrderDate: number | null;
  abandonedCheckoutDate: number | null;
  emailSubscriptionStatus: string | null;
  rfmGroup: string | null;
  customerTags: readonly string[];
}

/**
 * Whether a shopper matches a parsed query at `nowMs`. Null semantics (docs/segment-language.md#missing-values-null):
 * a missing value fails every comparison except `!=`, which it passes, so `a != x` is always `NOT (a = x)`
 * and `NOT` is a plain complement (two-valued logic, no SQL UNKNOWN).
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
      const value = condition.attribute === 'amount_spent' ? shopper.amountSpent : shopper.numberOfOrders;
      if (condition.operator === 'BETWEEN') return condition.low <= value && value <= condition.high;
      return compare(value, condition.operator, condition.value);
    }
    case 'date': {
      const value = dateOf(condition.attribute, shopper);
      if (value === null) return condition.operator === '!=';
      if (condition.operator === 'BETWEEN') {
        return compareDate(value, '>=', condition.low, nowMs) && compareDate(value, '<=', condition.high, nowMs);
      }
      return compareDate(value, condition.operator, condition.value, nowMs);
    }
    case 'enum': {
      const value = condition.attribute === 'rfm_group' ? shopper.rfmGroup : shopper.emailSubscriptionStatus;
      return (value === condition.value) === (condition.operator === '=');
    }
    case 'list': {
      // Shopify compares tags without regard to case (but with whitespace).
      const wanted = condition.value.toLowerCase();
      const contains = shopper.customerTags.some((tag) => tag.toLowerCase() === wanted);
      return contains === (condition.operator === 'CONTAINS');
    }
  }
}

function dateOf(attribute: 'first_order_date' | 'last_order_date' | 'abandoned_checkout_date', shopper: SegmentShopper): number | null {
  if (attribute === 'first_order_date') return shopper.firstOrderDate;
  if (attribute === 'last_order_date') return shopper.lastOrderDate;
  return shopper.abandonedCheckoutDate;
}

/** Whole-day bounds compare the shopper's UTC day; date-time bounds compare to the second. */
function compareDate(valueMs: number, operator: ComparisonOperator, bound: DateValue, nowMs: number): boolean {
  const { startMs, unitMs } = resolveSegmentDate(bound, nowMs);
  return compare(Math.floor(valueMs / unitMs), operator, startMs / unitMs);
}

function compare(value: number, operator: ComparisonOperator, bound: number): boolean {
  switch (operator) {
    case '=': return value === bound;
    case '!=': return value !== bound;
    case '>': return value > bound;
    case '>=': return value >= bound;
    case '<': return value < bound;
    case '<=': return value <= bound;
  }
}
