import { describe, expect, it } from 'vitest';
import { computeRfm, type RfmShopper } from '../../../server/segments/rfm/compute-rfm.js';

const NOW = Date.UTC(2026, 5, 1, 12);
const DAY = 86_400_000;
const daysAgo = (days: number) => NOW - days * DAY;

/** Ten buyers whose recency, frequency and spend each spread evenly, so every score is predictable. */
function spreadShop(): RfmShopper[] {
  return Array.from({ length: 10 }, (_, i) => ({
    profileId: i + 1,
    lastOrderAt: daysAgo(10 + i * 30), // profile 1 most recent
    orders: 10 - i, // profile 1 most frequent
    amountSpent: 1000 - i * 100, // profile 1 biggest spender
  }));
}

describe('computeRfm', () => {
  it('scores one shop and keeps the input order', () => {
    const results = computeRfm(spreadShop(), NOW);
    expect(results.map((x) => x.profileId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(results.map((x) => x.recencyDays)).toEqual([10, 40, 70, 100, 130, 160, 190, 220, 250, 280]);
    expect(results.map((x) => [x.r, x.f, x.m])).toEqual([
      [5, 5, 5], [5, 5, 5], [4, 4, 4], [4, 4, 4], [3, 3, 3], [3, 3, 3], [2, 2, 2], [2, 2, 2], [1, 1, 1], [1, 1, 1],
    ]);
    expect(results.map((x) => x.group)).toEqual(['CHAMPIONS', 'CHAMPIONS', 'LOYAL', 'LOYAL', 'NEEDS_ATTENTION',
      'NEEDS_ATTENTION', 'ALMOST_LOST', 'ALMOST_LOST', 'DORMANT', 'DORMANT']);
  });

  it('names a long-gone former big spender PREVIOUSLY_LOYAL and a lapsed one-off big spender AT_RISK', () => {
    const shop = spreadShop();
    shop.push({ profileId: 11, lastOrderAt: daysAgo(900), orders: 40, amountSpent: 50_000 });
    shop.push({ profileId: 12, lastOrderAt: daysAgo(800), orders: 1, amountSpent: 20_000 });
    const byId = new Map(computeRfm(shop, NOW).map((x) => [x.profileId, x]));
    expect(byId.get(11)).toMatchObject({ r: 1, f: 5, m: 5, group: 'PREVIOUSLY_LOYAL' });
    expect(byId.get(12)).toMatchObject({ r: 1, f: 1, m: 5, group: 'AT_RISK' });
    expect(byId.get(1)).toMatchObject({ r: 5, group: 'CHAMPIONS' });
  });

  it('makes shoppers without orders PROSPECTS, unscored, and leaves the buyers’ scores unchanged', () => {
    const buyersOnly = computeRfm(spreadShop(), NOW);
    const prospects: RfmShopper[] = [
      { profileId: 100, lastOrderAt: null, orders: 0, amountSpent: 0 },
      { profileId: 101, lastOrderAt: null, orders: 0, amountSpent: 0 },
    ];
    const mixed = computeRfm([prospects[0]!, ...spreadShop(), prospects[1]!], NOW);
    expect(mixed[0]).toEqual({ profileId: 100, recencyDays: null, r: null, f: null, m: null, group: 'PROSPECTS' });
    expect(mixed[11]).toEqual({ profileId: 101, recencyDays: null, r: null, f: null, m: null, group: 'PROSPECTS' });
    expect(mixed.slice(1, 11)).toEqual(buyersOnly);
    expect(computeRfm(prospects, NOW).map((x) => x.group)).toEqual(['PROSPECTS', 'PROSPECTS']);
    expect(computeRfm([], NOW)).toEqual([]);
  });

  it('gives a shop with a single buyer the neutral 3/3/3', () => {
    expect(computeRfm([{ profileId: 1, lastOrderAt: daysAgo(0), orders: 1, amountSpent: 30 }], NOW))
      .toEqual([{ profileId: 1, recencyDays: 0, r: 3, f: 3, m: 3, group: 'NEEDS_ATTENTION' }]);
  });

  it('scores small shops of 2–4 buyers by position, ties together', () => {
    const two = computeRfm([
      { profileId: 1, lastOrderAt: daysAgo(1), orders: 3, amountSpent: 300 },
      { profileId: 2, lastOrderAt: daysAgo(100), orders: 1, amountSpent: 20 },
    ], NOW);
    expect(two.map((x) => [x.r, x.f, x.m, x.group])).toEqual([[4, 4, 4, 'LOYAL'], [2, 2, 2, 'ALMOST_LOST']]);
    const four = computeRfm([1, 2, 3, 4].map((k) => ({ profileId: k, lastOrderAt: daysAgo(k), orders: 1, amountSpent: 10 * k })), NOW);
    // Everyone ordered once: frequency ties take their worst rank, F = 1 (ordering once is the least possible).
    expect(four.map((x) => [x.r, x.f, x.m])).toEqual([[5, 1, 1], [4, 1, 2], [2, 1, 4], [1, 1, 5]]);
    expect(four.map((x) => x.group)).toEqual(['NEW', 'PROMISING', 'AT_RISK', 'AT_RISK']);
  });

  it('counts recency in UTC calendar days: same-day buyers tie, a future order time counts as today', () => {
    const results = computeRfm([
      { profileId: 1, lastOrderAt: NOW - 1000, orders: 1, amountSpent: 10 },
      { profileId: 2, lastOrderAt: Date.UTC(2026, 5, 1, 0, 0, 0), orders: 1, amountSpent: 10 },
      { profileId: 3, lastOrderAt: NOW + 5 * 60_000, orders: 1, amountSpent: 10 },
      { profileId: 4, lastOrderAt: Date.UTC(2026, 4, 31, 23, 59, 59), orders: 1, amountSpent: 10 },
    ], NOW);
    expect(results.map((x) => x.recencyDays)).toEqual([0, 0, 0, 1]);
    // The same at any hour of the day: scores change only at midnight UTC.
    expect(computeRfm([{ profileId: 4, lastOrderAt: NOW - DAY + 1, orders: 1, amountSpent: 10 }], Date.UTC(2026, 5, 1, 23, 59)).map((x) => x.recencyDays)).toEqual([1]);
    expect(new Set(results.slice(0, 3).map((x) => x.r)).size).toBe(1);
    expect(results[3]!.r).toBeLessThan(results[0]!.r!);
  });

  it('scores one-order buyers F = 1 however many of them there are, repeat buyers above them', () => {
    // 82 % one-order buyers, as in the demo shop: average rank would have called them F = 3.
    const shop = Array.from({ length: 100 }, (_, i) => ({ profileId: i, lastOrderAt: daysAgo(i), orders: i < 82 ? 1 : i < 96 ? 2 : 5, amountSpent: 50 }));
    const f = computeRfm(shop, NOW).map((x) => x.f);
    expect(new Set(f.slice(0, 82))).toEqual(new Set([1]));
    expect(new Set(f.slice(82))).toEqual(new Set([5]));
  });

  it('ranks a buyer whose last order date is unknown as the oldest', () => {
    const shop = spreadShop();
    shop.push({ profileId: 11, lastOrderAt: null, orders: 2, amountSpent: 40 });
    const last = computeRfm(shop, NOW).at(-1)!;
    expect(last).toMatchObject({ profileId: 11, recencyDays: null, r: 1 });
  });

  it('is deterministic whatever the input order', () => {
    const shop = spreadShop();
    shop.push({ profileId: 11, lastOrderAt: daysAgo(70), orders: 8, amountSpent: 800 }); // ties with profile 3
    const forward = computeRfm(shop, NOW);
    const backward = computeRfm([...shop].reverse(), NOW).reverse();
    expect(backward).toEqual(forward);
    expect(forward[10]).toMatchObject({ r: forward[2]!.r, f: forward[2]!.f, m: forward[2]!.m });
  });

  it('refuses malformed shoppers instead of scoring them silently', () => {
    const bad: RfmShopper[] = [
      { profileId: 1, lastOrderAt: NOW, orders: -1, amountSpent: 0 },
      { profileId: 1, lastOrderAt: NOW, orders: 1.5, amountSpent: 0 },
      { profileId: 1, lastOrderAt: NOW, orders: 1, amountSpent: Number.NaN },
      { profileId: 1, lastOrderAt: Number.NaN, orders: 1, amountSpent: 5 },
    ];
    for (const s of bad) expect(() => computeRfm([s], NOW)).toThrow(RangeError);
    expect(() => computeRfm([], Number.NaN)).toThrow(RangeError);
  });
});
