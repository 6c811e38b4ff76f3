import { resolveSegmentDate } from './resolve-segment-date.js';
import type { Comparison, DateValue } from './segment-query-ast.js';

/** Instants [fromMs, untilMs) in ms; null = unbounded on that side. */
export interface SegmentDateRange {
  fromMs: number | null;
  untilMs: number | null;
}

/**
 * The instants that satisfy a date comparison at `nowMs`, as plain ms bounds, so SQL can compare a raw
 * column (and use an index) yet agree exactly with the evaluator's `floor(ms / unit)` comparison: a
 * whole-day bound covers [day start, next day start), a date-time bound [second, next second).
 * `!=` is the complement of the `=` range; the caller negates.
 */
export function segmentDateRange(comparison: Comparison<DateValue>, nowMs: number): SegmentDateRange {
  const span = (value: DateValue) => {
    const { startMs, unitMs } = resolveSegmentDate(value, nowMs);
    return { start: startMs, end: startMs + unitMs };
  };
  if (comparison.operator === 'BETWEEN') return { fromMs: span(comparison.low).start, untilMs: span(comparison.high).end };
  const { start, end } = span(comparison.value);
  switch (comparison.operator) {
    case '=':
    case '!=': return { fromMs: start, untilMs: end };
    case '>': return { fromMs: end, untilMs: null };
    case '>=': return { fromMs: start, untilMs: null };
    case '<': return { fromMs: null, untilMs: start };
    case '<=': return { fromMs: null, untilMs: end };
  }
}
