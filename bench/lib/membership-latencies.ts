import type { EngineTurn } from './poll-segment-engine.js';

/** The events sent to one profile, in sending order: when each was received and in which write. */
export interface SentToProfile {
  receivedAt: number[];
  /** When the load's schedule wanted it sent: later acceptance means the sender was held up. */
  scheduledAt: number[];
  write: number[];
}

export interface MembershipLatencies {
  /** ms from the event that caused a change being accepted to the change being committed, ascending. */
  latencies: number[];
  /** The same changes timed from when their event was due by the schedule (includes the sender's own delays), ascending. */
  fromSchedule: number[];
  /** Changes no sent event explains (the profile received none before the turn). */
  unattributed: number;
  /** Changes whose turn shares its start millisecond with another turn: counted against the later turn (an upper bound). */
  ambiguous: number;
}

/**
 * For each live membership change (profile, at): its turn is the one whose clock read `at`, visible
 * when that turn returned (t1); its cause is the latest event of the profile written before the turn
 * began. Latency = t1 − that event's received time.
 */
export function membershipLatencies(changes: readonly { profileId: number; at: number }[], turns: readonly EngineTurn[], sent: ReadonlyMap<number, SentToProfile>): MembershipLatencies {
  const byStart = new Map<number, EngineTurn[]>();
  for (const turn of turns) {
    const list = byStart.get(turn.t0);
    if (list) list.push(turn);
    else byStart.set(turn.t0, [turn]);
  }
  const latencies: number[] = [];
  const fromSchedule: number[] = [];
  let unattributed = 0;
  let ambiguous = 0;
  for (const change of changes) {
    const candidates = byStart.get(change.at);
    const events = sent.get(change.profileId);
    if (!candidates || !events) {
      unattributed++;
      continue;
    }
    if (candidates.length > 1) ambiguous++;
    const last = candidates[candidates.length - 1]!;
    const i = lastBefore(events.write, candidates[0]!.writesBefore);
    if (i < 0) {
      unattributed++;
      continue;
    }
    latencies.push(last.t1 - events.receivedAt[i]!);
    fromSchedule.push(last.t1 - events.scheduledAt[i]!);
  }
  latencies.sort((a, b) => a - b);
  fromSchedule.sort((a, b) => a - b);
  return { latencies, fromSchedule, unattributed, ambiguous };
}

/** Index of the last element (ascending array) below `limit`, or -1. */
function lastBefore(ascending: readonly number[], limit: number): number {
  let lo = 0;
  let hi = ascending.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ascending[mid]! < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
