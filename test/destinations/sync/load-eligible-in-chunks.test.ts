import { describe, expect, it } from 'vitest';
import { loadEligibleInChunks } from '../../../server/destinations/sync/load-eligible-in-chunks.js';
import type { EligibleMember, EligibleMembers } from '../../../server/destinations/eligibility/load-eligible-members.js';

const member = (profileId: number) => ({ profileId, propsHash: `h${profileId}` }) as unknown as EligibleMember;

describe('loadEligibleInChunks', () => {
  it('reads 5,000 members at a time, lets other work run between chunks, and adds up the counts', async () => {
    const ids = Array.from({ length: 12_001 }, (_, i) => i + 1);
    const calls: number[] = [];
    let otherWork = 0;
    const ticker = setInterval(() => { otherWork++; }, 0);
    const load = (profileIds: readonly number[]): EligibleMembers => {
      calls.push(profileIds.length);
      const even = profileIds.filter((id) => id % 2 === 0);
      return { members: even.map(member), excluded: { no_email: profileIds.length - even.length }, hints: { possible_typo: 1 } };
    };
    const seenBetween: number[] = [];
    const result = await loadEligibleInChunks((chunk) => { seenBetween.push(otherWork); return load(chunk); }, ids);
    clearInterval(ticker);
    expect(calls).toEqual([5000, 5000, 2001]);
    expect(result.members.map((m) => m.profileId)).toEqual(ids.filter((id) => id % 2 === 0));
    expect(result.excluded).toEqual({ no_email: 6001 });
    expect(result.hints).toEqual({ possible_typo: 3 });
    // The event loop turned between chunks: a timer got to run before the second and third chunk.
    expect(seenBetween[1]!).toBeGreaterThanOrEqual(seenBetween[0]!);
    expect(seenBetween[2]!).toBeGreaterThan(seenBetween[0]!);
  });

  it('gives an empty result for an empty segment without calling the loader', async () => {
    let called = false;
    expect(await loadEligibleInChunks(() => { called = true; return { members: [], excluded: {}, hints: {} }; }, [])).toEqual({ members: [], excluded: {}, hints: {} });
    expect(called).toBe(false);
  });
});
