import { compileNumberComparison } from './compile-number-comparison.js';
import { resolveSegmentDuration } from './resolve-segment-date.js';
import { segmentDateRange } from './segment-date-range.js';
import type { Comparison, EventPropertyFilter, ShopperEventsCondition } from './segment-query-ast.js';
import { shopperEventFilter } from './shopper-event-filters.js';

/**
 * `shopper_events [NOT] MATCHES (...)` as a correlated subquery over `events e` for the profile `t`.
 * Shaped for the index events_profile_time(profile_id, occurred_at): the profile and the date window
 * (as ms bounds) come first, the name and the property filters are checked on the rows found.
 * Counts stop early: EXISTS for "at least one", otherwise LIMIT count + 1 rows is enough to decide.
 */
export function compileShopperEventsCondition(condition: ShopperEventsCondition, nowMs: number, params: unknown[]): string {
  const where = ['e.profile_id = t.profile_id'];
  const range = condition.date === undefined ? { fromMs: null, untilMs: null } : segmentDateRange(condition.date, nowMs);
  const sequence = condition.notFollowedBy;
  const withinMs = sequence === undefined ? 0 : resolveSegmentDuration(sequence.within);
  // A sequence is decided only once the wait is over: occurred_at + within <= now.
  const untilMs = sequence === undefined ? range.untilMs : Math.min(range.untilMs ?? Infinity, Math.floor(nowMs - withinMs) + 1);
  if (range.fromMs !== null) {
    where.push('e.occurred_at >= ?');
    params.push(range.fromMs);
  }
  if (untilMs !== null) {
    where.push('e.occurred_at < ?');
    params.push(untilMs);
  }
  where.push('e.name = ?');
  params.push(condition.name);
  for (const filter of condition.filters) where.push(compileFilter(condition, filter, params));
  if (sequence !== undefined) {
    where.push('NOT EXISTS (SELECT 1 FROM events f WHERE f.profile_id = e.profile_id'
      + ' AND f.occurred_at > e.occurred_at AND f.occurred_at <= e.occurred_at + ? AND f.name = ?)');
    params.push(withinMs, sequence.name);
  }
  const rows = `SELECT 1 FROM events e WHERE ${where.join(' AND ')}`;
  return `(${condition.negated ? 'NOT ' : ''}${compileCount(rows, condition.count, params)})`;
}

function compileCount(rows: string, count: Comparison<number> | undefined, params: unknown[]): string {
  const atLeastOne = count === undefined || (count.operator === '>=' && count.value === 1) || (count.operator === '>' && count.value === 0);
  if (atLeastOne) return `EXISTS (${rows})`;
  const none = (count.operator === '=' && count.value === 0) || (count.operator === '<=' && count.value === 0) || (count.operator === '<' && count.value === 1);
  if (none) return `NOT EXISTS (${rows})`;
  params.push((count.operator === 'BETWEEN' ? count.high : count.value) + 1);
  return compileNumberComparison(`(SELECT count(*) FROM (${rows} LIMIT ?))`, count, params, false);
}

function compileFilter(condition: ShopperEventsCondition, filter: EventPropertyFilter, params: unknown[]): string {
  const definition = shopperEventFilter(condition.name, filter.property);
  if (definition === undefined) throw new Error(`${condition.name} has no filter ${filter.property}`);
  // Keys come from SHOPPER_EVENT_FILTERS (checked to be plain identifiers), never from the query.
  const path = `'$.${definition.key}'`;
  if (definition.lineItems && filter.type === 'id') {
    params.push(filter.value);
    const line = `e.properties, li.fullkey || '.${definition.key}'`;
    const lines = "SELECT 1 FROM json_each(e.properties, '$.lineItems') li";
    return `(${filter.operator === '=' ? '' : 'NOT '}coalesce(json_type(e.properties, '$.lineItems') = 'array'`
      + ` AND EXISTS (${lines} WHERE json_type(${line}) = 'text' AND json_extract(${line}) = ?), 0))`;
  }
  // A property of another type than the filter's counts as missing, as in the evaluator: it fails the
  // filter, except `!=`, which it passes. The value is compared first: the type check rarely runs.
  const value = `json_extract(e.properties, ${path})`;
  const type = `json_type(e.properties, ${path})`;
  if (filter.type === 'boolean') {
    return `(${filter.operator === '=' ? '' : 'NOT '}coalesce(${type} = '${filter.value ? 'true' : 'false'}', 0))`;
  }
  const typed = filter.type === 'number' ? `${type} IN ('integer', 'real')` : `${type} = 'text'`;
  if (filter.operator === '!=') {
    params.push(filter.value);
    return `(NOT coalesce(${value} = ? AND ${typed}, 0))`;
  }
  if (filter.operator === 'BETWEEN') {
    params.push(filter.low, filter.high);
    return `coalesce(${value} >= ? AND ${value} <= ? AND ${typed}, 0)`;
  }
  params.push(filter.value);
  return `coalesce(${value} ${filter.operator} ? AND ${typed}, 0)`;
}
