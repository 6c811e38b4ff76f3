import { describe, expect, it } from 'vitest';
import { chooseMergeWinner, type ProfileSummary } from '../../server/identity/choose-merge-winner.js';
import { planIdentityResolution } from '../../server/identity/plan-identity-resolution.js';
import type { Identifier } from '../../server/identity/identifier.js';

const profile = (id: number, firstSeenAt: number, customerId: string | null = null): ProfileSummary =>
  ({ id, customerId, firstSeenAt, lastSeenAt: firstSeenAt + 10 });
const mapOf = (...ps: ProfileSummary[]) => new Map(ps.map((p) => [p.id, p]));

describe('chooseMergeWinner', () => {
  it('prefers the customer profile, then the earliest first seen, then the lowest id, whatever the input order', () => {
    const cases: [ProfileSummary[], number][] = [
      [[profile(1, 100), profile(2, 500, '42'), profile(3, 50)], 2],
      [[profile(5, 300), profile(4, 200), profile(3, 200)], 3],
      [[profile(9, 1), profile(8, 2)], 9],
    ];
    for (const [profiles, winner] of cases) {
      expect(chooseMergeWinner(profiles).id).toBe(winner);
      expect(chooseMergeWinner([...profiles].reverse()).id).toBe(winner);
    }
    expect(() => chooseMergeWinner([])).toThrow();
  });
});

describe('planIdentityResolution', () => {
  const v = (value: string): Identifier => ({ kind: 'visitor', value });
  const c = (value: string): Identifier => ({ kind: 'customer', value });
  const e = (value: string): Identifier => ({ kind: 'email', value });

  it('creates a profile when nothing is known, carrying the event customer id', () => {
    expect(planIdentityResolution({ identifiers: [v('a'), c('7')], owners: [undefined, undefined], profiles: new Map() }))
      .toEqual({ action: 'create', customerId: '7', attach: [v('a'), c('7')] });
  });

  it('merges every linked profile into the winner and names the strongest linking kind per loser', () => {
    const plan = planIdentityResolution({
      identifiers: [v('a'), e('x@y.z'), v('b'), c('7')],
      owners: [1, 2, 2, undefined],
      profiles: mapOf(profile(1, 100), profile(2, 50)),
    });
    expect(plan).toEqual({ action: 'use', profileId: 2, merge: [{ loserId: 1, viaKind: 'visitor' }], attach: [c('7')], customerId: '7', conflict: false });
  });

  it('refuses to join two customers and sends the event to its own customer, new or known', () => {
    const profiles = mapOf(profile(1, 100, '7'), profile(2, 50));
    expect(planIdentityResolution({ identifiers: [v('shared'), v('new'), c('8')], owners: [1, undefined, undefined], profiles }))
      .toEqual({ action: 'create', customerId: '8', attach: [v('new'), c('8')] });
    expect(planIdentityResolution({ identifiers: [v('shared'), v('anon'), c('8')], owners: [1, 2, 3], profiles: mapOf(...profiles.values(), profile(3, 10, '8')) }))
      .toEqual({ action: 'use', profileId: 3, merge: [], attach: [], customerId: null, conflict: true });
  });

  it('without a customer id of its own, a conflicting event goes to the owner of its strongest identifier', () => {
    const plan = planIdentityResolution({
      identifiers: [v('shared'), e('kid@example.com'), v('fresh')],
      owners: [1, 2, undefined],
      profiles: mapOf(profile(1, 10, '7'), profile(2, 20, '8')),
    });
    expect(plan).toEqual({ action: 'use', profileId: 2, merge: [], attach: [v('fresh')], customerId: null, conflict: true });
  });
});
