import type { TimeDependence } from '../query/time-dependence.js';
import type { ProfileTraits } from './profile-traits.js';
import { DAY_MS, dayStartUtc, firstAbove } from './trait-time.js';

export interface RecheckInputs {
  nowMs: number;
  /** When the 30-day window next changes funnel stage, engagement or friction (computeRecentActivityTraits). */
  recentActivityChangesAt: number | null;
  /** What memberships can read: the stored events, and the derived ones due now (maybe not stored yet). */
  membershipEvents: readonly (readonly { name: string; occurredAt: number }[])[];
  /** When each known abandonment is (or was) due. */
  abandonedAts: readonly number[];
  traits: ProfileTraits;
  timeDependence: TimeDependence;
}

/**
 * The earliest instant after nowMs at which time alone can change the result: an abandonment falling
 * due, an event leaving the 30-day window of funnel stage, engagement and friction, or a segment
 * membership flipping (timeDependence). Conservative: at worst it names an instant where nothing
 * changes, never one later than a change. O(events + distinct days × log offsets).
 */
export function computeRecheckAt(input: RecheckInputs): number | null {
  const { nowMs, timeDependence: td } = input;
  let best = Infinity;
  const consider = (t: number) => {
    if (t > nowMs && t < best) best = t;
  };
  input.abandonedAts.forEach(consider);
  if (input.recentActivityChangesAt !== null) consider(input.recentActivityChangesAt);

  const timesByName = eventTimesByName(input.membershipEvents, [...td.eventNames, ...td.sequences.map((s) => s.name)]);
  const offsets = [...new Set(td.dayOffsets)].sort((a, b) => a - b);
  if (offsets.length > 0) {
    const dayCandidate = (ts: number) => {
      const day = dayStartUtc(ts);
      const k = offsets[firstAbove(offsets, (nowMs - day) / DAY_MS)];
      if (k !== undefined) consider(day + k * DAY_MS);
    };
    for (const column of td.dateAttributes) {
      const value = (input.traits as unknown as Record<string, unknown>)[camelCase(column)];
      if (typeof value === 'number') dayCandidate(value);
    }
    // Days older than the largest offset cannot flip anything any more; each day needs one look.
    const oldest = nowMs - (offsets.at(-1)! + 1) * DAY_MS;
    for (const name of td.eventNames) {
      const times = timesByName.get(name) ?? [];
      let lastDay = NaN;
      for (let i = firstAbove(times, oldest - 1); i < times.length; i++) {
        const day = dayStartUtc(times[i]!);
        if (day !== lastDay) dayCandidate(times[i]!);
        lastDay = day;
      }
    }
  }
  for (const { name, withinMs } of td.sequences) {
    const times = timesByName.get(name) ?? [];
    const first = times[firstAbove(times, nowMs - withinMs)];
    if (first !== undefined) consider(first + withinMs);
  }
  td.absoluteInstants.forEach(consider);
  return best === Infinity ? null : best;
}

function eventTimesByName(lists: RecheckInputs['membershipEvents'], names: readonly string[]): Map<string, number[]> {
  const byName = new Map<string, number[]>(names.map((n) => [n, []]));
  if (byName.size === 0) return byName;
  for (const events of lists) for (const e of events) byName.get(e.name)?.push(e.occurredAt);
  for (const times of byName.values()) times.sort((a, b) => a - b);
  return byName;
}

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
