import { compareDate, compareNumbers, satisfiesComparison } from './compare-segment-values.js';
import { resolveSegmentDuration } from './resolve-segment-date.js';
import type { EventPropertyFilter, ShopperEventsCondition } from './segment-query-ast.js';
import type { SegmentShopperEvent } from './segment-shopper.js';
import { shopperEventFilter, type EventFilterDefinition } from './shopper-event-filters.js';

/**
 * `shopper_events [NOT] MATCHES (...)` for one shopper's events (docs/segment-language.md#behavioral-conditions).
 * A property that is missing or of another type than the filter's fails the filter, except `!=`, which it
 * passes: the same rule as for attributes, and what compile-shopper-events-condition.ts does in SQL.
 */
export function evaluateShopperEventsCondition(condition: ShopperEventsCondition, events: readonly SegmentShopperEvent[], nowMs: number): boolean {
  const filters = condition.filters.map((filter) => ({ filter, definition: definitionOf(condition, filter) }));
  const sequence = condition.notFollowedBy;
  const withinMs = sequence === undefined ? 0 : resolveSegmentDuration(sequence.within);
  const followers = sequence === undefined ? [] : events.filter((e) => e.name === sequence.name).map((e) => e.occurredAt).sort((a, b) => a - b);
  let count = 0;
  for (const event of events) {
    if (event.name !== condition.name) continue;
    if (condition.date !== undefined && !satisfiesComparison(event.occurredAt, condition.date, (ms, op, bound) => compareDate(ms, op, bound, nowMs))) continue;
    if (!filters.every(({ filter, definition }) => filterHolds(filter, definition, event.properties))) continue;
    // Undecided until the wait is over: the follower may still come.
    if (sequence !== undefined && (event.occurredAt + withinMs > nowMs || hasFollowerWithin(followers, event.occurredAt, withinMs))) continue;
    count++;
  }
  const matches = condition.count === undefined ? count >= 1 : satisfiesComparison(count, condition.count, compareNumbers);
  return matches !== condition.negated;
}

function definitionOf(condition: ShopperEventsCondition, filter: EventPropertyFilter): EventFilterDefinition {
  const definition = shopperEventFilter(condition.name, filter.property);
  if (definition === undefined || definition.type !== filter.type) {
    throw new Error(`${condition.name} has no ${filter.type} filter ${filter.property}`);
  }
  return definition;
}

function filterHolds(filter: EventPropertyFilter, definition: EventFilterDefinition, properties: Record<string, unknown> | null): boolean {
  if (filter.type === 'number') {
    const value = properties?.[definition.key];
    if (typeof value !== 'number') return filter.operator === '!=';
    return satisfiesComparison(value, filter, compareNumbers);
  }
  const values = definition.lineItems ? lineItemValues(properties, definition.key) : [properties?.[definition.key]];
  const equal = values.some((value) => value === filter.value);
  return equal === (filter.operator === '=');
}

/** The key's value in each line item that is an object; other elements have no value. */
function lineItemValues(properties: Record<string, unknown> | null, key: string): unknown[] {
  const lines = properties?.lineItems;
  if (!Array.isArray(lines)) return [];
  return lines.filter((line): line is Record<string, unknown> => typeof line === 'object' && line !== null && !Array.isArray(line)).map((line) => line[key]);
}

/** Whether some follower time lies in (at, at + withinMs]; `followers` is sorted ascending. */
function hasFollowerWithin(followers: readonly number[], at: number, withinMs: number): boolean {
  let low = 0;
  let high = followers.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((followers[middle] ?? 0) <= at) low = middle + 1;
    else high = middle;
  }
  const first = followers[low];
  return first !== undefined && first <= at + withinMs;
}
