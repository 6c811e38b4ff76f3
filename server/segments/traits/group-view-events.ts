import type { FactEvent, FactViewGroup } from './profile-facts.js';
import { DAY_MS } from './trait-time.js';

export interface GroupedEvents {
  /** The events whose name is not grouped, in their order. */
  events: FactEvent[];
  viewGroups: FactViewGroup[];
}

/**
 * What the engine's loader does in SQL, in JavaScript: the events of `groupedNames` counted per
 * (name, session, device, UTC day), sorted as the loader sorts them (compareViewGroups); the other
 * events kept as they are. `events` in time order, as in ProfileFacts. computeProfileTraits gives the
 * same result for either shape.
 */
export function groupViewEvents(events: readonly FactEvent[], groupedNames: Iterable<string>): GroupedEvents {
  const names = new Set(groupedNames);
  const kept: FactEvent[] = [];
  const all: FactViewGroup[] = [];
  // Per session, its groups in time order: the current day's are the last ones, found by a short walk back.
  const bySession = new Map<string | null, FactViewGroup[]>();
  for (const e of events) {
    if (!names.has(e.name)) {
      kept.push(e);
      continue;
    }
    const day = Math.floor(e.occurredAt / DAY_MS);
    let groups = bySession.get(e.sessionId);
    if (groups === undefined) bySession.set(e.sessionId, (groups = []));
    let group: FactViewGroup | undefined;
    for (let i = groups.length - 1; i >= 0 && groups[i]!.day === day; i--) {
      if (groups[i]!.name === e.name && groups[i]!.device === e.device) {
        group = groups[i];
        break;
      }
    }
    if (group === undefined) {
      group = { name: e.name, sessionId: e.sessionId, device: e.device, day, count: 0, firstAt: e.occurredAt, lastAt: e.occurredAt };
      groups.push(group);
      all.push(group);
    }
    group.count += 1;
    if (e.occurredAt < group.firstAt) group.firstAt = e.occurredAt;
    if (e.occurredAt > group.lastAt) group.lastAt = e.occurredAt;
  }
  return { events: kept, viewGroups: all.sort(compareViewGroups) };
}

/**
 * (firstAt, name, sessionId, device), a null session first: SQLite's `ORDER BY first_at, name,
 * session_id, device` for the ASCII names and ids we store. Total, since a group is one day.
 */
export function compareViewGroups(a: FactViewGroup, b: FactViewGroup): number {
  return a.firstAt - b.firstAt || compareText(a.name, b.name) || compareNullable(a.sessionId, b.sessionId) || compareText(a.device, b.device);
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareNullable = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : compareText(a, b));
