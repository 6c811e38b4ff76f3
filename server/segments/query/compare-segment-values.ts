import { resolveSegmentDate } from './resolve-segment-date.js';
import type { Comparison, ComparisonOperator, DateValue } from './segment-query-ast.js';

/** Whether a present value satisfies a comparison; BETWEEN includes both ends. */
export function satisfiesComparison<T>(value: number, comparison: Comparison<T>, compareTo: (value: number, operator: ComparisonOperator, bound: T) => boolean): boolean {
  if (comparison.operator === 'BETWEEN') return compareTo(value, '>=', comparison.low) && compareTo(value, '<=', comparison.high);
  return compareTo(value, comparison.operator, comparison.value);
}

/** Whole-day bounds compare the value's UTC day; date-time bounds compare to the second. */
export function compareDate(valueMs: number, operator: ComparisonOperator, bound: DateValue, nowMs: number): boolean {
  const { startMs, unitMs } = resolveSegmentDate(bound, nowMs);
  return compareNumbers(Math.floor(valueMs / unitMs), operator, startMs / unitMs);
}

export function compareNumbers(value: number, operator: ComparisonOperator, bound: number): boolean {
  switch (operator) {
    case '=': return value === bound;
    case '!=': return value !== bound;
    case '>': return value > bound;
    case '>=': return value >= bound;
    case '<': return value < bound;
    case '<=': return value <= bound;
  }
}
