/**
 * When the passing of time alone can change whether a shopper matches a query. Used to store, per
 * profile, the next instant its memberships must be re-evaluated, so windows such as `-7d` stay exact
 * without rescanning every profile every minute.
 */
export interface TimeDependence {
  /**
   * Day counts k: a membership can flip only at dayStartUTC(ts) + k days, for ts the value of one of
   * `dateAttributes` or the time of an event named in `eventNames`. Exhaustive: months and years are
   * expanded to every day count they can span, and both sides of a bound are included.
   */
  dayOffsets: number[];
  /** profile_traits columns whose value feeds dayOffsets (e.g. 'last_order_at'). */
  dateAttributes: string[];
  /** Event names whose occurred_at feeds dayOffsets (behavioral date windows). */
  eventNames: string[];
  /** Sequence conditions: a membership can flip at A.occurredAt + withinMs for events A of that name. */
  sequences: { name: string; withinMs: number }[];
  /** Absolute instants (ms) at which a membership can flip: absolute date-time bounds. */
  absoluteInstants: number[];
}

export const NO_TIME_DEPENDENCE: TimeDependence = { dayOffsets: [], dateAttributes: [], eventNames: [], sequences: [], absoluteInstants: [] };

const unique = <T>(values: Iterable<T>) => [...new Set(values)];

/** The union of several queries' dependences (the shop's active segments). */
export function mergeTimeDependence(list: readonly TimeDependence[]): TimeDependence {
  const seq = new Map<string, { name: string; withinMs: number }>();
  for (const d of list) for (const s of d.sequences) seq.set(`${s.name}\u0000${s.withinMs}`, s);
  return {
    dayOffsets: unique(list.flatMap((d) => d.dayOffsets)).sort((a, b) => a - b),
    dateAttributes: unique(list.flatMap((d) => d.dateAttributes)).sort(),
    eventNames: unique(list.flatMap((d) => d.eventNames)).sort(),
    sequences: [...seq.values()],
    absoluteInstants: unique(list.flatMap((d) => d.absoluteInstants)).sort((a, b) => a - b),
  };
}
