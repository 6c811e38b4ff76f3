/** A quintile score: 1 = the worst fifth of a shop's buyers on one measure, 5 = the best fifth. */
export type QuintileScore = 1 | 2 | 3 | 4 | 5;

/** Which end of a measure is good: more orders and more spend are better, fewer days since the last order is better. */
export type BetterEnd = 'higher' | 'lower';

/**
 * Scores each value 1–5 by its quintile within `values` (one shop's buyers), in input order.
 *
 * Tie rule, average rank: equal values form one block, and the whole block gets the quintile in which the
 * middle of the block falls. Chosen over "rank of the first occurrence" because it does not depend on
 * which end we sort from (so "lower is better" needs no special case), a large tie neither drags its
 * members down nor lifts them up, and a shop whose buyers all look alike (or has a single buyer) scores
 * them a neutral 3 instead of all-1 (which would label a shop's first customer as lapsed).
 * With distinct values it is the plain quintile: the i-th worst of n (from 0) scores floor(5(i + ½)/n) + 1,
 * i.e. exactly n/5 per score when n is a multiple of 5.
 *
 * Deterministic and O(n log n). `Infinity` is allowed (an unknown last-order date ranks as the oldest);
 * NaN is a programming error.
 */
/**
 * How a block of equal values is scored: `average` (the middle of the block, the default) or `worst`
 * (the block's worst rank): for frequency, where most buyers share the minimum of one order, ordering once
 * is the least possible, not "average" (docs/segments.md#tie-rule-average-rank).
 */
export type TieRule = 'average' | 'worst';

export function scoreQuintiles(values: readonly number[], better: BetterEnd, ties: TieRule = 'average'): QuintileScore[] {
  const n = values.length;
  for (const v of values) if (Number.isNaN(v)) throw new RangeError('scoreQuintiles: NaN is not a score input');
  const worstFirst = better === 'higher' ? 1 : -1;
  // Sort positions, not values, so each score can be written back to its shopper.
  const order = values.map((_, i) => i).sort((a, b) => worstFirst * compare(values[a]!, values[b]!) || a - b);
  const scores = new Array<QuintileScore>(n);
  for (let first = 0; first < n;) {
    const value = values[order[first]!]!;
    let last = first;
    while (last + 1 < n && values[order[last + 1]!] === value) last += 1;
    const score = ties === 'average' ? quintileOfMidpoint(first + last + 1, 2 * n) : quintileOfMidpoint(2 * first + 1, 2 * n);
    for (let k = first; k <= last; k += 1) scores[order[k]!] = score;
    first = last + 1;
  }
  return scores;
}

/**
 * The block covers ranks [first, last + 1) of n, so its midpoint in fifths is 5 · (first + last + 1) / 2n.
 * Integer arithmetic keeps the boundaries exact. A midpoint exactly on a boundary goes to the side nearer
 * the middle score (3), so that sorting from the other end gives exactly 6 − score.
 */
function quintileOfMidpoint(numerator: number, denominator: number): QuintileScore {
  const fifths = 5 * numerator;
  if (fifths % denominator === 0) {
    const boundary = fifths / denominator; // 1..4: between score `boundary` and `boundary + 1`
    return (boundary <= 2 ? boundary + 1 : boundary) as QuintileScore;
  }
  return Math.min(5, Math.floor(fifths / denominator) + 1) as QuintileScore;
}

/** Subtraction would give NaN for Infinity − Infinity, so compare explicitly. */
function compare(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
