import { describe, expect, it } from 'vitest';
import { scoreQuintiles } from '../../../server/segments/rfm/score-quintiles.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Small deterministic generator so the property checks replay identically. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('scoreQuintiles', () => {
  it('splits 10 distinct values into fifths of two', () => {
    expect(scoreQuintiles(range(10), 'higher')).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(scoreQuintiles(range(10), 'lower')).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it('puts exactly 20 of 100 distinct values in each quintile, with the boundaries at 20/21, 40/41, …', () => {
    const scores = scoreQuintiles(range(100), 'higher');
    expect(scores).toEqual(range(100).map((v) => Math.ceil(v / 20)));
    expect([20, 21, 40, 41, 60, 61, 80, 81].map((v) => scores[v - 1])).toEqual([1, 2, 2, 3, 3, 4, 4, 5]);
  });

  it('scores by value, not by input position', () => {
    const values = [7, 3, 10, 1, 9, 2, 8, 4, 6, 5];
    expect(scoreQuintiles(values, 'higher')).toEqual(values.map((v) => Math.ceil(v / 2)));
  });

  it('gives equal values the same score: all equal → all 3', () => {
    for (const n of [1, 2, 5, 10, 101]) {
      expect(scoreQuintiles(new Array<number>(n).fill(42), 'higher')).toEqual(new Array<number>(n).fill(3));
      expect(scoreQuintiles(new Array<number>(n).fill(42), 'lower')).toEqual(new Array<number>(n).fill(3));
    }
  });

  it('keeps a tie that straddles a quintile boundary together, at the quintile of its midpoint', () => {
    // Sorted ranks 3..5 hold the three 4s: they straddle the 2|3 boundary (after rank 4 of 10).
    expect(scoreQuintiles([1, 2, 3, 4, 4, 4, 7, 8, 9, 10], 'higher')).toEqual([1, 1, 2, 3, 3, 3, 4, 4, 5, 5]);
    // Seven one-order buyers out of ten occupy ranks 0..6: midpoint 0.35 → score 2. The two-order pair's
    // midpoint, 0.8, sits exactly on the 4|5 boundary and goes to the side nearer the middle.
    expect(scoreQuintiles([1, 1, 1, 1, 1, 1, 1, 2, 2, 5], 'higher')).toEqual([2, 2, 2, 2, 2, 2, 2, 4, 4, 5]);
    expect(scoreQuintiles([1, 1, 1, 1, 1, 1, 1, 2, 2, 5], 'lower')).toEqual([4, 4, 4, 4, 4, 4, 4, 2, 2, 1]);
  });

  it('scores tiny shops (1–4 buyers) symmetrically', () => {
    expect(scoreQuintiles([5], 'higher')).toEqual([3]);
    expect(scoreQuintiles([1, 2], 'higher')).toEqual([2, 4]);
    expect(scoreQuintiles([1, 2, 3], 'higher')).toEqual([1, 3, 5]);
    expect(scoreQuintiles([1, 2, 3, 4], 'higher')).toEqual([1, 2, 4, 5]);
    expect(scoreQuintiles([2, 2, 9], 'higher')).toEqual([2, 2, 5]);
    expect(scoreQuintiles([], 'higher')).toEqual([]);
  });

  it('treats "lower is better" as the mirror image, ties included', () => {
    const next = lcg(7);
    for (let run = 0; run < 50; run += 1) {
      const values = Array.from({ length: 1 + Math.floor(next() * 60) }, () => Math.floor(next() * 8));
      const higher = scoreQuintiles(values, 'higher');
      expect(scoreQuintiles(values, 'lower')).toEqual(higher.map((s) => 6 - s));
    }
  });

  it('on random data with many ties: equal values share a score, a better value never scores lower, each quintile holds ≈ n/5', () => {
    const next = lcg(2026);
    for (let run = 0; run < 100; run += 1) {
      const n = 1 + Math.floor(next() * 300);
      const distinct = 1 + Math.floor(next() * 40);
      const values = Array.from({ length: n }, () => Math.floor(next() * distinct));
      const scores = scoreQuintiles(values, 'higher');
      expect(scoreQuintiles(values, 'higher')).toEqual(scores);
      // Walking the values in order, the score never drops and only changes where the value does.
      const byValue = values.map((v, i) => [v, scores[i]!] as const).sort((a, b) => a[0] - b[0]);
      for (let k = 1; k < n; k += 1) {
        const [prevValue, prevScore] = byValue[k - 1]!;
        const [value, score] = byValue[k]!;
        if (value === prevValue) expect(score).toBe(prevScore);
        else expect(score).toBeGreaterThanOrEqual(prevScore);
      }
      if (new Set(values).size === n) {
        for (const q of [1, 2, 3, 4, 5]) {
          const count = scores.filter((s) => s === q).length;
          expect(Math.abs(count - n / 5)).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('ranks Infinity as the extreme and refuses NaN', () => {
    // The two unknowns share ranks 0..1 (midpoint 0.2, on the 1|2 boundary → 2).
    expect(scoreQuintiles([Infinity, 3, Infinity, 1, 2], 'lower')).toEqual([2, 3, 2, 5, 4]);
    expect(() => scoreQuintiles([1, Number.NaN], 'higher')).toThrow(RangeError);
  });

  it('scores 200,000 values, about n/5 per score (speed is measured by bench/segments.ts, not here)', () => {
    const next = lcg(1);
    const values = Array.from({ length: 200_000 }, () => Math.round(next() * 10_000) / 100);
    const scores = scoreQuintiles(values, 'higher');
    expect(scores.length).toBe(200_000);
    for (const score of [1, 2, 3, 4, 5]) expect(Math.abs(scores.filter((s) => s === score).length - 40_000)).toBeLessThan(2_000);
  });

  it('with the worst-rank tie rule scores a block by its first rank (frequency)', () => {
    expect(scoreQuintiles([1, 1, 1, 2], 'higher', 'worst')).toEqual([1, 1, 1, 5]);
    expect(scoreQuintiles([3, 1, 2, 4, 5], 'higher', 'worst')).toEqual(scoreQuintiles([3, 1, 2, 4, 5], 'higher'));
    expect(scoreQuintiles([7], 'higher', 'worst')).toEqual([3]);
  });
});
