import { rfmGroup, type RfmGroup } from './rfm-groups.js';
import { scoreQuintiles, type QuintileScore } from './score-quintiles.js';

export interface RfmShopper {
  profileId: number;
  /** Epoch ms of the latest order, or null when unknown. */
  lastOrderAt: number | null;
  /** Number of orders, all time. 0 makes the shopper a PROSPECT. */
  orders: number;
  /** Amount spent, all time, in the shop's currency. */
  amountSpent: number;
}

export interface RfmResult {
  profileId: number;
  /** UTC calendar days since the day of the last order (0 = today), null when the date is unknown. */
  recencyDays: number | null;
  /** Scores are null for PROSPECTS, who are left out of the quintiles. */
  r: QuintileScore | null;
  f: QuintileScore | null;
  m: QuintileScore | null;
  group: RfmGroup;
}

const DAY_MS = 86_400_000;

/**
 * R, F and M scores and the RFM group for every shopper of ONE shop, in input order.
 * Quintiles are taken over buyers only (orders > 0), so prospects never dilute the scores.
 */
export function computeRfm(shoppers: readonly RfmShopper[], now: number): RfmResult[] {
  if (!Number.isFinite(now)) throw new RangeError('computeRfm: now must be a finite epoch ms');
  for (const s of shoppers) {
    if (!Number.isInteger(s.orders) || s.orders < 0) throw new RangeError('computeRfm: orders must be a non-negative integer');
    if (!Number.isFinite(s.amountSpent)) throw new RangeError('computeRfm: amountSpent must be finite');
    if (s.lastOrderAt !== null && !Number.isFinite(s.lastOrderAt)) throw new RangeError('computeRfm: lastOrderAt must be finite or null');
  }
  // Calendar days (UTC), like the segment language's dates: scores then only change at midnight, when
  // the live engine re-scores every shop, so a recompute at any other hour gives the same answer.
  const today = Math.floor(now / DAY_MS);
  const recencyDays = shoppers.map((s) =>
    // Clock skew can put an order slightly in the future: count it as today.
    s.lastOrderAt === null ? null : Math.max(0, today - Math.floor(s.lastOrderAt / DAY_MS)));
  const buyers = shoppers.flatMap((s, i) => (s.orders > 0 ? [i] : []));
  // A buyer whose last order date we cannot read ranks as the oldest: without read_all_orders Shopify
  // only returns the last 60 days of orders, so an unknown date most likely means a long time ago.
  const r = scoreQuintiles(buyers.map((i) => recencyDays[i] ?? Infinity), 'lower');
  // Frequency ties take their worst rank: in most shops most buyers ordered once, and the average-rank
  // rule would call them "average" (F = 3 once 80 % of buyers ordered once), leaving no one NEW or DORMANT.
  const f = scoreQuintiles(buyers.map((i) => shoppers[i]!.orders), 'higher', 'worst');
  const m = scoreQuintiles(buyers.map((i) => shoppers[i]!.amountSpent), 'higher');

  const results: RfmResult[] = shoppers.map((s, i) => (
    { profileId: s.profileId, recencyDays: recencyDays[i] ?? null, r: null, f: null, m: null, group: 'PROSPECTS' }));
  buyers.forEach((i, k) => {
    const scores = { r: r[k]!, f: f[k]!, m: m[k]! };
    results[i] = { ...results[i]!, ...scores, group: rfmGroup(scores.r, scores.f, scores.m) };
  });
  return results;
}
