import type { TimeDependence } from '../query/time-dependence.js';

/**
 * The events no trait reads one by one: only their counts, session, device, first and last times and
 * UTC days (docs/segments.md "Event groups"). They are 80–90 % of a shop's events, so the engine loads
 * them counted per (name, session, device, day) rather than as rows. Left out on purpose:
 * `Cart_Viewed`, the one view that names its cart (the pixel sends the cart's id), which token-less
 * cart events are assigned by, and every event whose properties or exact time a trait reads.
 */
export const GROUPABLE_EVENT_NAMES: readonly string[] = ['Page_Viewed', 'Product_Viewed', 'Collection_Viewed', 'Search_Submitted'];

/**
 * The names to load as groups for a shop: GROUPABLE_EVENT_NAMES except the heads of the segments'
 * sequences (`A not_followed_by B within W` flips at each A's time + W, so A needs its exact times).
 */
export function groupedEventNames(timeDependence: TimeDependence): string[] {
  const heads = new Set(timeDependence.sequences.map((s) => s.name));
  return GROUPABLE_EVENT_NAMES.filter((name) => !heads.has(name));
}
