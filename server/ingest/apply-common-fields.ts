/**
 * Gives every event the request's `common` fields it does not carry itself (docs/events.md). Events
 * that are not objects pass through untouched, to be rejected one by one like any other bad event.
 */
export function applyCommonFields(common: Record<string, unknown> | undefined, events: unknown[]): unknown[] {
  if (common === undefined) return events;
  return events.map((event) => (event !== null && typeof event === 'object' && !Array.isArray(event) ? { ...common, ...event } : event));
}
