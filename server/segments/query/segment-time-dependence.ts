import { DAY_MS, resolveSegmentDuration, resolveSegmentDate } from './resolve-segment-date.js';
import { SEGMENT_ATTRIBUTES } from './segment-attributes.js';
import type { Comparison, DateValue, SegmentExpression } from './segment-query-ast.js';
import type { TimeDependence } from './time-dependence.js';

/**
 * When time alone can change whether a shopper matches `expression` (time-dependence.ts).
 *
 * A relative bound resolves to the day B(now), and a day-granular comparison of a value's day V with B
 * only depends on whether B < V, B = V or B > V. B never decreases and moves by at most one day per
 * day, so the truth can only change on the first day N where B(N) = V or B(N) = V + 1, that is at
 * k = N - V = span(N) or span(N) + 1 days after V, with span(N) = N - B(N): a constant for `-7d`
 * (7, so k ∈ {7, 8}) and, for months and years, every day count the offset can span.
 * Absolute dates compare a fixed value with a fixed bound: they never flip.
 */
export function segmentTimeDependence(expression: SegmentExpression): TimeDependence {
  const dayOffsets = new Set<number>();
  const dateAttributes = new Set<string>();
  const eventNames = new Set<string>();
  const sequences = new Map<string, { name: string; withinMs: number }>();
  const addBounds = (comparison: Comparison<DateValue>, onRelative: () => void) => {
    const values = comparison.operator === 'BETWEEN' ? [comparison.low, comparison.high] : [comparison.value];
    for (const value of values) {
      const offsets = flipDayOffsets(value);
      if (offsets.length === 0) continue;
      onRelative();
      for (const k of offsets) dayOffsets.add(k);
    }
  };
  const visit = (node: SegmentExpression): void => {
    switch (node.kind) {
      case 'or':
      case 'and':
        node.operands.forEach(visit);
        return;
      case 'not':
        visit(node.operand);
        return;
      case 'date':
        addBounds(node, () => dateAttributes.add(SEGMENT_ATTRIBUTES[node.attribute].column));
        return;
      case 'events':
        if (node.date !== undefined) addBounds(node.date, () => eventNames.add(node.name));
        if (node.notFollowedBy !== undefined) {
          const withinMs = resolveSegmentDuration(node.notFollowedBy.within);
          sequences.set(`${node.name}\u0000${withinMs}`, { name: node.name, withinMs });
        }
        return;
      default:
    }
  };
  visit(expression);
  return {
    dayOffsets: [...dayOffsets].sort((a, b) => a - b),
    dateAttributes: [...dateAttributes].sort(),
    eventNames: [...eventNames].sort(),
    sequences: [...sequences.values()],
    absoluteInstants: [],
  };
}

/** Every k (days after the value's day) at which a comparison with this bound can change; [] for absolute dates. */
export function flipDayOffsets(value: DateValue): number[] {
  if (value.type === 'date' || value.type === 'datetime') return [];
  let low: number;
  let high: number;
  if (value.type === 'named') {
    low = high = value.name === 'today' ? 0 : 1;
  } else if (value.unit === 'd' || value.unit === 'w') {
    low = high = -value.amount * (value.unit === 'w' ? 7 : 1);
  } else {
    [low, high] = monthSpanRange(value.amount * (value.unit === 'y' ? 12 : 1));
  }
  return Array.from({ length: high + 2 - low }, (_, i) => low + i);
}

// 400 Gregorian years are exactly 4,800 months and 146,097 days, so spans repeat with that period.
const CYCLE_MONTHS = 4_800;
const CYCLE_DAYS = 146_097;
const spanCache = new Map<number, [number, number]>();

/** The smallest and largest span(N) = N - B(N) in days, over every day N, for an offset of `months`. */
function monthSpanRange(months: number): [number, number] {
  const rest = ((months % CYCLE_MONTHS) + CYCLE_MONTHS) % CYCLE_MONTHS;
  const cycles = (months - rest) / CYCLE_MONTHS;
  let range = spanCache.get(rest);
  if (range === undefined) {
    let min = Infinity;
    let max = -Infinity;
    // Within a month the span is constant up to day 28 and can only grow after it (clamping), so the
    // first and the last days of every month of one cycle give every value's bounds.
    for (let month = 0; month < CYCLE_MONTHS; month++) {
      for (const day of [1, 28, 29, 30, 31]) {
        const nowMs = Date.UTC(2000, month, day);
        if (new Date(nowMs).getUTCDate() !== day) continue;
        const span = (nowMs - resolveSegmentDate({ type: 'offset', amount: rest, unit: 'm' }, nowMs).startMs) / DAY_MS;
        min = Math.min(min, span);
        max = Math.max(max, span);
      }
    }
    range = [min, max];
    spanCache.set(rest, range);
  }
  return [range[0] - cycles * CYCLE_DAYS, range[1] - cycles * CYCLE_DAYS];
}
