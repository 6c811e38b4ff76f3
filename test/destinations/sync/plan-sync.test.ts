import { describe, expect, it } from 'vitest';
import { applyPlan, planSync, type DesiredMember, type SyncedMember } from '../../../server/destinations/sync/plan-sync.js';

describe('planSync', () => {
  const m = (profileId: number, propsHash: string, enteredAt = 1): DesiredMember => ({ profileId, propsHash, enteredAt });

  it('adds everyone on a first sync', () => {
    const plan = planSync([m(2, 'b'), m(1, 'a')], []);
    expect(plan.ops).toEqual([
      { op: 'add', profileId: 1, propsHash: 'a', enteredAt: 1 },
      { op: 'add', profileId: 2, propsHash: 'b', enteredAt: 1 },
    ]);
  });

  it('sends only adds, changed properties and removes', () => {
    const synced: SyncedMember[] = [m(1, 'a'), m(2, 'b'), m(3, 'c', 5)];
    const plan = planSync([m(1, 'a'), m(2, 'b2'), m(4, 'd')], synced);
    expect(plan.ops).toEqual([
      { op: 'add', profileId: 4, propsHash: 'd', enteredAt: 1 },
      { op: 'update', profileId: 2, propsHash: 'b2', enteredAt: 1 },
      { op: 'remove', profileId: 3, propsHash: null, enteredAt: 5 },
    ]);
  });

  it('adds a member again who left and came back since the last sync (a new membership)', () => {
    expect(planSync([m(1, 'a', 9)], [m(1, 'a', 1)]).ops).toEqual([{ op: 'add', profileId: 1, propsHash: 'a', enteredAt: 9 }]);
  });

  it('does not repeat an operation that went dead, but tries again once the data changed', () => {
    const dead = [{ profileId: 1, op: 'add' as const, propsHash: 'a' }, { profileId: 2, op: 'add' as const, propsHash: 'old' }];
    const plan = planSync([m(1, 'a'), m(2, 'new')], [], dead);
    expect(plan.ops).toEqual([{ op: 'add', profileId: 2, propsHash: 'new', enteredAt: 1 }]);
    expect(plan.skippedDead).toBe(1);
  });

  it('plans nothing when the remote already matches', () => {
    expect(planSync([m(1, 'a'), m(2, 'b')], [m(2, 'b'), m(1, 'a')]).ops).toEqual([]);
  });
});

describe('planSync property: applying the plan to the last state yields the desired state', () => {
  // A small seeded PRNG (mulberry32) so a failure is reproducible from its seed.
  function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function randomSet(rand: () => number): DesiredMember[] {
    const out: DesiredMember[] = [];
    for (let id = 1; id <= 60; id++) {
      if (rand() < 0.5) out.push({ profileId: id, propsHash: `h${Math.floor(rand() * 3)}`, enteredAt: Math.floor(rand() * 2) });
    }
    // Input order must not matter.
    return out.sort(() => rand() - 0.5);
  }

  it('holds for 500 random pairs of sets', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const rand = prng(seed);
      const last = randomSet(rand);
      const desired = randomSet(rand);
      const plan = planSync(desired, last);
      expect(applyPlan(last, plan.ops), `seed ${seed}`).toEqual([...desired].sort((a, b) => a.profileId - b.profileId));
      // At most one operation per member, and none once the remote is in the desired state.
      expect(new Set(plan.ops.map((o) => o.profileId)).size, `seed ${seed}`).toBe(plan.ops.length);
      expect(planSync(desired, applyPlan(last, plan.ops)).ops, `seed ${seed}`).toEqual([]);
    }
  });
});
