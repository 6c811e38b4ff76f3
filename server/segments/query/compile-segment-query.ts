import { compileNumberComparison } from './compile-number-comparison.js';
import { compileShopperEventsCondition } from './compile-shopper-events-condition.js';
import { SEGMENT_ATTRIBUTES } from './segment-attributes.js';
import { segmentDateRange } from './segment-date-range.js';
import type { SegmentCondition, SegmentExpression } from './segment-query-ast.js';

export interface CompiledSegmentQuery {
  /** A boolean SQL expression over `t` (profile_traits) with positional `?` placeholders. */
  sql: string;
  params: unknown[];
}

/**
 * Compiles a parsed query, at `nowMs`, into a SQL condition for
 * `SELECT t.profile_id FROM profile_traits t WHERE t.shop_id = ? AND (<sql>)`.
 *
 * - Every value the merchant wrote is a bound parameter; the SQL text holds only column names and JSON
 *   paths from our own tables (SEGMENT_ATTRIBUTES, SHOPPER_EVENT_FILTERS), so no query can inject SQL.
 * - Every condition yields 0 or 1, never NULL, with evaluateSegmentQuery's rule for missing values
 *   (`!=` passes, everything else fails), so `NOT` stays a plain complement as in the evaluator.
 * - Relative dates are resolved here: the statement is valid for `nowMs` only.
 */
export function compileSegmentQuery(expression: SegmentExpression, nowMs: number): CompiledSegmentQuery {
  const params: unknown[] = [];
  return { sql: compile(expression, nowMs, params), params };
}

function compile(expression: SegmentExpression, nowMs: number, params: unknown[]): string {
  switch (expression.kind) {
    case 'or':
    case 'and':
      return `(${expression.operands.map((operand) => compile(operand, nowMs, params)).join(expression.kind === 'or' ? ' OR ' : ' AND ')})`;
    case 'not':
      return `(NOT ${compile(expression.operand, nowMs, params)})`;
    default:
      return compileCondition(expression, nowMs, params);
  }
}

function compileCondition(condition: SegmentCondition, nowMs: number, params: unknown[]): string {
  if (condition.kind === 'events') return compileShopperEventsCondition(condition, nowMs, params);
  const column = `t.${SEGMENT_ATTRIBUTES[condition.attribute].column}`;
  switch (condition.kind) {
    case 'number':
      return compileNumberComparison(column, condition, params);
    case 'date': {
      const { fromMs, untilMs } = segmentDateRange(condition, nowMs);
      const bounds = [...(fromMs === null ? [] : [`${column} >= ?`]), ...(untilMs === null ? [] : [`${column} < ?`])];
      params.push(...[fromMs, untilMs].filter((bound) => bound !== null));
      if (condition.operator === '!=') return `(${column} IS NULL OR NOT (${bounds.join(' AND ')}))`;
      return `(${[`${column} IS NOT NULL`, ...bounds].join(' AND ')})`;
    }
    case 'enum':
      params.push(condition.value);
      return condition.operator === '=' ? `(${column} IS NOT NULL AND ${column} = ?)` : `(${column} IS NULL OR ${column} <> ?)`;
    case 'list':
      // The column holds the tags folded by JavaScript's toLowerCase, the evaluator's folding.
      params.push(condition.value.toLowerCase());
      return `(${condition.operator === 'CONTAINS' ? '' : 'NOT '}EXISTS (SELECT 1 FROM json_each(${column}) WHERE value = ?))`;
  }
}
