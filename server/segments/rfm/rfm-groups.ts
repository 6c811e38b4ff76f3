import type { QuintileScore } from './score-quintiles.js';

/** Shopify's 11 `rfm_group` values (enum CustomerRfmGroup), spelled exactly as its segment editor expects. */
export const RFM_GROUPS = [
  'CHAMPIONS', 'LOYAL', 'ACTIVE', 'NEEDS_ATTENTION', 'PROMISING', 'NEW',
  'AT_RISK', 'PREVIOUSLY_LOYAL', 'ALMOST_LOST', 'DORMANT', 'PROSPECTS',
] as const;

export type RfmGroup = (typeof RFM_GROUPS)[number];

/** A group a scored buyer can land in: PROSPECTS is reserved for shoppers with no orders, who are not scored. */
export type ScoredRfmGroup = Exclude<RfmGroup, 'PROSPECTS'>;

type ScoreRange = readonly [from: QuintileScore, to: QuintileScore];

export interface RfmGroupRule {
  group: ScoredRfmGroup;
  r: ScoreRange;
  f: ScoreRange;
  m: ScoreRange;
  why: string;
}

/**
 * THE table: our cut-offs (Shopify publishes only wording, not scores). The boxes partition all 125
 * (R, F, M) combinations, checked when this module loads. Recency bands: R 4–5 recent, R 3 middle,
 * R 1–2 lapsed. The lapsed rows mirror the recent ones (NEW/PROMISING ↔ DORMANT/ALMOST_LOST,
 * ACTIVE ↔ AT_RISK, LOYAL ↔ PREVIOUSLY_LOYAL), so a shopper who stops buying moves to the matching
 * win-back group. Documented in docs/segments.md; keep the two in step.
 */
export const RFM_GROUP_TABLE: readonly RfmGroupRule[] = [
  { group: 'CHAMPIONS', r: [5, 5], f: [4, 5], m: [4, 5], why: 'Bought in the latest fifth, and among the most frequent and biggest spenders.' },
  { group: 'LOYAL', r: [5, 5], f: [4, 5], m: [1, 3], why: 'Very recent and orders often: loyalty is repeat ordering; top spend is what makes a champion.' },
  { group: 'LOYAL', r: [4, 4], f: [4, 5], m: [1, 5], why: 'Recent and orders often, whatever the spend.' },
  { group: 'ACTIVE', r: [4, 5], f: [3, 3], m: [1, 5], why: 'Recent, with an average number of orders.' },
  { group: 'ACTIVE', r: [4, 5], f: [1, 2], m: [4, 5], why: 'Recent, few orders but high spend: worth more than a plain newcomer.' },
  { group: 'NEW', r: [5, 5], f: [1, 2], m: [1, 3], why: 'Very recent first order(s) with ordinary spend.' },
  { group: 'PROMISING', r: [4, 4], f: [1, 2], m: [1, 3], why: 'Recent, few orders, ordinary spend: past the first days, not yet a regular.' },
  { group: 'NEEDS_ATTENTION', r: [3, 3], f: [1, 5], m: [1, 5], why: 'Neither recent nor lapsed: the moment to nudge before they slip, whatever their history.' },
  { group: 'PREVIOUSLY_LOYAL', r: [1, 2], f: [4, 5], m: [1, 5], why: 'Lapsed, but used to order often (the lapsed mirror of LOYAL).' },
  { group: 'AT_RISK', r: [1, 2], f: [3, 3], m: [1, 5], why: 'Lapsed after an average number of orders (the lapsed mirror of ACTIVE).' },
  { group: 'AT_RISK', r: [1, 2], f: [1, 2], m: [4, 5], why: 'Lapsed after few but big orders: worth a win-back.' },
  { group: 'ALMOST_LOST', r: [2, 2], f: [1, 2], m: [1, 3], why: 'Lapsed, thin history, but not in the oldest fifth yet.' },
  { group: 'DORMANT', r: [1, 1], f: [1, 2], m: [1, 3], why: 'Oldest fifth by last order, few orders, ordinary spend.' },
];

const SCORES: readonly QuintileScore[] = [1, 2, 3, 4, 5];
const cellIndex = (r: QuintileScore, f: QuintileScore, m: QuintileScore) => (r - 1) * 25 + (f - 1) * 5 + (m - 1);

/** 125 cells built once from the table; fails loudly at import if an edit leaves a gap or an overlap. */
const CELLS: readonly ScoredRfmGroup[] = (() => {
  const cells = new Array<ScoredRfmGroup | undefined>(125);
  for (const rule of RFM_GROUP_TABLE) {
    for (const r of SCORES) for (const f of SCORES) for (const m of SCORES) {
      if (!within(r, rule.r) || !within(f, rule.f) || !within(m, rule.m)) continue;
      const i = cellIndex(r, f, m);
      if (cells[i] !== undefined) throw new Error(`RFM_GROUP_TABLE: R${r} F${f} M${m} is in both ${cells[i]} and ${rule.group}`);
      cells[i] = rule.group;
    }
  }
  const gap = cells.findIndex((c) => c === undefined);
  if (gap !== -1 || cells.length !== 125) throw new Error(`RFM_GROUP_TABLE: cell ${gap} has no group`);
  return cells as ScoredRfmGroup[];
})();

/** The group for one scored buyer. */
export function rfmGroup(r: QuintileScore, f: QuintileScore, m: QuintileScore): ScoredRfmGroup {
  const group = within(r, [1, 5]) && within(f, [1, 5]) && within(m, [1, 5]) ? CELLS[cellIndex(r, f, m)] : undefined;
  if (group === undefined) throw new RangeError(`rfmGroup: scores must be 1–5, got R${r} F${f} M${m}`);
  return group;
}

function within(score: number, [from, to]: ScoreRange): boolean {
  return Number.isInteger(score) && score >= from && score <= to;
}
