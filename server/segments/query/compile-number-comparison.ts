import type { Comparison } from './segment-query-ast.js';

/**
 * `expression <op> ?` yielding 0 or 1. A nullable expression (a missing value) fails every comparison
 * except `!=`, which it passes; it is written more than once, so it must hold no placeholder itself.
 */
export function compileNumberComparison(expression: string, comparison: Comparison<number>, params: unknown[], nullable = true): string {
  if (nullable && expression.includes('?')) throw new Error('A nullable comparison cannot repeat an expression with placeholders');
  if (comparison.operator === 'BETWEEN') {
    params.push(comparison.low, comparison.high);
    return nullable ? `(${expression} IS NOT NULL AND ${expression} >= ? AND ${expression} <= ?)` : `(${expression} BETWEEN ? AND ?)`;
  }
  params.push(comparison.value);
  const operator = comparison.operator === '!=' ? '<>' : comparison.operator;
  if (!nullable) return `(${expression} ${operator} ?)`;
  if (comparison.operator === '!=') return `(${expression} IS NULL OR ${expression} <> ?)`;
  return `(${expression} IS NOT NULL AND ${expression} ${operator} ?)`;
}
