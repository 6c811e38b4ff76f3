import type { EligibleMembers } from '../eligibility/load-eligible-members.js';
import { addCounts } from './add-counts.js';

const CHUNK = 5000;

/**
 * A segment's eligible members, read and decided 5,000 at a time with a turn of the event loop between
 * chunks: a 50,000-member segment would otherwise hold the server (ingestion, the admin) for about a
 * second. Members that leave the segment meanwhile are simply not found in their chunk.
 */
export async function loadEligibleInChunks(load: (profileIds: readonly number[]) => EligibleMembers, memberIds: readonly number[]): Promise<EligibleMembers> {
  const result: EligibleMembers = { members: [], excluded: {}, hints: {} };
  for (let i = 0; i < memberIds.length; i += CHUNK) {
    if (i > 0) await new Promise<void>((resolve) => { setImmediate(resolve); });
    const chunk = load(memberIds.slice(i, i + CHUNK));
    for (const m of chunk.members) result.members.push(m);
    addCounts(result.excluded, chunk.excluded);
    addCounts(result.hints, chunk.hints);
  }
  return result;
}
