import type { TimeDependence } from '../query/time-dependence.js';
import type { FactViewGroup } from './profile-facts.js';
import type { ProfileTraits } from './profile-traits.js';
import { DAY_MS, firstAbove } from './trait-time.js';

export interface RecheckInputs {
  nowMs: number;
  /** When the 30-day window next changes funnel stage, engagement or friction (computeRecentActivityTraits). */
  recentActivityChangesAt: number | null;
  /** What memberships can read, event by event: the stored events, and the derived ones due now (maybe not stored yet). */
  membershipEvents: readonly (readonly { name: string; occurredAt: number }[])[];
  /** The stored events counted per (name, session, device, day): each is one UTC day of its name. */
  viewGroups: readonly FactViewGroup[];
  /** Every known abandonment, due or not: each falls due at its abandonedAt. */
  abandonments: readonly (readonly { abandonedAt: number }[])[];
  traits: ProfileTraits;
  timeDependence: TimeDependence;
}

/**
 * The earliest instant after nowMs at which time alone can change the result: an abandonment falling
 * due, an event leaving the 30-day window of funnel stage, engagement and friction, or a segment
 * membership flipping (timeDependence). Conservative: at worst it names an instant where nothing
 * changes, never one later than a change. One pass over the events and groups of the names the
 * segments depend on, one binary search over the day offsets per distinct day.
 */
export function computeRecheckAt(input: RecheckInputs): number | null {
  const { nowMs } = input;
  const td = prepared(input.timeDependence);
  let best = Infinity;
  for (const list of input.abandonments) for (const { abandonedAt: t } of list) if (t > nowMs && t < best) best = t;
  const recent = input.recentActivityChangesAt;
  if (recent !== null && recent > nowMs && recent < best) best = recent;
  for (const t of td.absoluteInstants) if (t > nowMs && t < best) best = t;

  if (td.offsets.length > 0) {
    for (const key of td.attributeKeys) {
      const value = (input.traits as unknown as Record<string, unknown>)[key];
      if (typeof value === 'number') best = Math.min(best, dayFlip(td, Math.floor(value / DAY_MS), nowMs));
    }
  }
  const days = td.eventNames.size > 0;
  const sequences = td.sequences.size > 0;
  if (!days && !sequences) return best === Infinity ? null : best;

  // A day older than the largest offset can flip nothing: most events need no look at their name.
  const oldestDay = Math.floor(nowMs / DAY_MS) - td.maxOffset;
  // Events are in time order, so one day's events are adjacent: each day needs one look.
  let lastDay = NaN;
  for (const events of input.membershipEvents) {
    for (const e of events) {
      if (days && e.occurredAt >= oldestDay * DAY_MS && td.eventNames.has(e.name)) {
        const day = Math.floor(e.occurredAt / DAY_MS);
        if (day !== lastDay) best = Math.min(best, dayFlip(td, day, nowMs));
        lastDay = day;
      }
      // A sequence `A not_followed_by B within w` flips at A.t + w.
      const within = sequences ? td.sequences.get(e.name) : undefined;
      if (within === undefined) continue;
      for (const w of within) if (e.occurredAt + w > nowMs && e.occurredAt + w < best) best = e.occurredAt + w;
    }
  }
  for (const g of input.viewGroups) {
    if (days && g.day >= oldestDay && g.day !== lastDay && td.eventNames.has(g.name)) {
      best = Math.min(best, dayFlip(td, g.day, nowMs));
      lastDay = g.day;
    }
    const within = sequences ? td.sequences.get(g.name) : undefined;
    if (within === undefined) continue;
    // The loader keeps sequence heads as events (groupedEventNames); should a group of one come anyway,
    // its first event is exact and a later one may be due any moment.
    for (const w of within) {
      const at = g.firstAt + w > nowMs ? g.firstAt + w : g.lastAt + w > nowMs ? nowMs + 1 : Infinity;
      if (at < best) best = at;
    }
  }
  return best === Infinity ? null : best;
}

/**
 * A membership reading a date ts can flip only at dayStartUTC(ts) + k days: the first such instant
 * after now for the UTC day number `day` (Infinity once the largest k has passed).
 */
function dayFlip(td: PreparedDependence, day: number, nowMs: number): number {
  if ((day + td.maxOffset) * DAY_MS <= nowMs) return Infinity;
  const at = (day + td.offsets[firstAbove(td.offsets, (nowMs - day * DAY_MS) / DAY_MS)]!) * DAY_MS;
  return at > nowMs ? at : Infinity;
}

interface PreparedDependence {
  /** Distinct, ascending. */
  offsets: number[];
  maxOffset: number;
  /** dateAttributes as ProfileTraits keys. */
  attributeKeys: string[];
  eventNames: ReadonlySet<string>;
  /** withinMs per sequence head name. */
  sequences: ReadonlyMap<string, number[]>;
  absoluteInstants: readonly number[];
}

/** A shop's dependence serves every profile of a recompute: prepared once per object. */
const preparedCache = new WeakMap<TimeDependence, PreparedDependence>();

function prepared(td: TimeDependence): PreparedDependence {
  let p = preparedCache.get(td);
  if (p === undefined) {
    const offsets = [...new Set(td.dayOffsets)].sort((a, b) => a - b);
    const sequences = new Map<string, number[]>();
    for (const { name, withinMs } of td.sequences) sequences.set(name, [...(sequences.get(name) ?? []), withinMs]);
    p = {
      offsets,
      maxOffset: offsets.at(-1) ?? 0,
      attributeKeys: td.dateAttributes.map((c) => c.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase())),
      eventNames: new Set(offsets.length === 0 ? [] : td.eventNames),
      sequences,
      absoluteInstants: td.absoluteInstants,
    };
    preparedCache.set(td, p);
  }
  return p;
}
