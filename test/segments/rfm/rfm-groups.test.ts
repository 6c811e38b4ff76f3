import { describe, expect, it } from 'vitest';
import { RFM_GROUP_TABLE, RFM_GROUPS, rfmGroup, type RfmGroup } from '../../../server/segments/rfm/rfm-groups.js';
import type { QuintileScore } from '../../../server/segments/rfm/score-quintiles.js';

const SCORES: QuintileScore[] = [1, 2, 3, 4, 5];
const combos = SCORES.flatMap((r) => SCORES.flatMap((f) => SCORES.map((m) => ({ r, f, m }))));

describe('RFM group table', () => {
  it("lists Shopify's 11 names", () => {
    expect([...RFM_GROUPS].sort()).toEqual(['ACTIVE', 'ALMOST_LOST', 'AT_RISK', 'CHAMPIONS', 'DORMANT', 'LOYAL',
      'NEEDS_ATTENTION', 'NEW', 'PREVIOUSLY_LOYAL', 'PROMISING', 'PROSPECTS']);
  });

  it('is total: each of the 125 combinations falls in exactly one row, and rfmGroup returns that row', () => {
    expect(combos).toHaveLength(125);
    for (const { r, f, m } of combos) {
      const rows = RFM_GROUP_TABLE.filter((row) =>
        r >= row.r[0] && r <= row.r[1] && f >= row.f[0] && f <= row.f[1] && m >= row.m[0] && m <= row.m[1]);
      expect(rows, `R${r} F${f} M${m}`).toHaveLength(1);
      expect(rfmGroup(r, f, m)).toBe(rows[0]!.group);
      expect(RFM_GROUPS).toContain(rfmGroup(r, f, m));
    }
  });

  it('reaches every name except PROSPECTS, which only a shopper without orders gets', () => {
    const reached = new Set<RfmGroup>(combos.map(({ r, f, m }) => rfmGroup(r, f, m)));
    expect([...reached].sort()).toEqual(RFM_GROUPS.filter((g) => g !== 'PROSPECTS').sort());
  });

  it('gives every row a rationale', () => {
    for (const row of RFM_GROUP_TABLE) expect(row.why.length).toBeGreaterThan(10);
  });

  it('places named examples where a merchant would expect them', () => {
    expect(rfmGroup(5, 5, 5)).toBe('CHAMPIONS'); // recent, frequent, big spender
    expect(rfmGroup(1, 5, 5)).toBe('PREVIOUSLY_LOYAL'); // long gone, used to order often and spend big
    expect(rfmGroup(2, 1, 5)).toBe('AT_RISK'); // lapsed after one big order
    expect(rfmGroup(5, 1, 1)).toBe('NEW'); // first small order, just now
    expect(rfmGroup(4, 1, 2)).toBe('PROMISING');
    expect(rfmGroup(4, 5, 2)).toBe('LOYAL'); // orders often, modest baskets
    expect(rfmGroup(5, 3, 3)).toBe('ACTIVE');
    expect(rfmGroup(3, 5, 5)).toBe('NEEDS_ATTENTION'); // a top customer slowing down
    expect(rfmGroup(2, 1, 1)).toBe('ALMOST_LOST');
    expect(rfmGroup(1, 1, 1)).toBe('DORMANT');
  });

  it('mirrors recent groups into lapsed ones: a buyer who stops buying moves to the matching win-back group', () => {
    const mirror: Partial<Record<RfmGroup, RfmGroup>> = {
      NEW: 'DORMANT', PROMISING: 'ALMOST_LOST', ACTIVE: 'AT_RISK', LOYAL: 'PREVIOUSLY_LOYAL', CHAMPIONS: 'PREVIOUSLY_LOYAL',
    };
    for (const f of SCORES) for (const m of SCORES) {
      expect(rfmGroup(1, f, m)).toBe(mirror[rfmGroup(5, f, m)]);
      expect(rfmGroup(2, f, m)).toBe(mirror[rfmGroup(4, f, m)]);
    }
  });

  it('refuses scores outside 1–5', () => {
    expect(() => rfmGroup(0 as QuintileScore, 1, 1)).toThrow(RangeError);
    expect(() => rfmGroup(6 as QuintileScore, 1, 1)).toThrow(RangeError);
    expect(() => rfmGroup(1, 0 as QuintileScore, 6 as QuintileScore)).toThrow(RangeError);
    expect(() => rfmGroup(2.5 as QuintileScore, 1, 1)).toThrow(RangeError);
  });
});
