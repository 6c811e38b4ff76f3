import { DAY_MS, resolveSegmentDuration } from './resolve-segment-date.js';
import type { DurationValue, EventPropertyFilter, ShopperEventsCondition } from './segment-query-ast.js';
import { describeToken, type SegmentTokenCursor } from './segment-token-cursor.js';
import {
  SHOPPER_EVENT_FILTERS, SHOPPER_EVENT_NAMES, isShopperEventName, shopperEventFilter, type ShopperEventName,
} from './shopper-event-filters.js';
import { suggestClosestName } from './suggest-closest-name.js';
import type { SegmentToken } from './tokenize-segment-query.js';

/** Limits per `shopper_events MATCHES (...)` (docs/segment-language.md#limits). */
export const MAX_EVENT_PROPERTY_FILTERS = 8;
export const MAX_EVENT_COUNT = 10_000;
export const MIN_SEQUENCE_WITHIN_MS = 60_000;
export const MAX_SEQUENCE_WITHIN_MS = 30 * DAY_MS;

const PARAMETERS = ['name', 'date', 'count', 'not_followed_by', 'within'];
const DATE_OPERATORS = ['=', '>', '>=', '<', '<=', 'BETWEEN'];
const EQUALITY = ['=', '!='];

/**
 * Reads `[NOT] MATCHES (name = 'X', …)` after `shopper_events` (docs/segment-language.md#behavioral-conditions).
 * `name` comes first because it decides which property filters exist; the rest in any order.
 */
export function parseShopperEventsCondition(cursor: SegmentTokenCursor, position: number): ShopperEventsCondition {
  const negated = cursor.acceptKeyword('NOT');
  const matches = cursor.next();
  if (matches.type !== 'keyword' || matches.text !== 'MATCHES') {
    throw cursor.error(`Expected MATCHES or NOT MATCHES after shopper_events, found ${describeToken(matches)}`, matches);
  }
  const open = cursor.next();
  if (open.type !== 'open_paren') throw cursor.error(`Expected '(' after MATCHES, found ${describeToken(open)}`, open);
  const first = cursor.next();
  if (first.type !== 'identifier' || first.text !== 'name') {
    throw cursor.error(`Expected name = 'Event_Name' first in shopper_events MATCHES (...), found ${describeToken(first)}`, first, "for example name = 'Product_Viewed'");
  }
  expectEquals(cursor, 'name');
  const name = eventName(cursor);
  const condition: ShopperEventsCondition = { kind: 'events', negated, name, filters: [], position };
  const seen = new Set<string>(['name']);
  let within: { value: DurationValue; token: SegmentToken } | undefined;
  let followedBy: ShopperEventName | undefined;
  for (;;) {
    const separator = cursor.next();
    if (separator.type === 'close_paren') {
      if (followedBy !== undefined && within === undefined) {
        throw cursor.error('not_followed_by needs within, how long to wait for it', separator, 'for example within = 1h');
      }
      if (within !== undefined && followedBy === undefined) throw cursor.error('within only goes with not_followed_by', within.token);
      if (followedBy !== undefined && within !== undefined) condition.notFollowedBy = { name: followedBy, within: within.value };
      return condition;
    }
    if (separator.type !== 'comma') throw cursor.error(`Expected ',' or ')' in shopper_events MATCHES (...), found ${describeToken(separator)}`, separator);
    const key = cursor.next();
    if (key.type !== 'identifier') {
      throw cursor.error(`Expected a parameter such as date, count or a property of ${name}, found ${describeToken(key)}`, key);
    }
    if (PARAMETERS.includes(key.text)) {
      if (seen.has(key.text)) throw cursor.error(`${key.text} is given twice`, key);
      seen.add(key.text);
    }
    switch (key.text) {
      case 'date':
        condition.date = cursor.comparison('date', () => cursor.dateValue(), DATE_OPERATORS) as ShopperEventsCondition['date'];
        break;
      case 'count':
        condition.count = cursor.comparison('count', () => countValue(cursor));
        break;
      case 'not_followed_by':
        expectEquals(cursor, 'not_followed_by');
        followedBy = eventName(cursor);
        break;
      case 'within':
        expectEquals(cursor, 'within');
        within = { token: cursor.peek(), value: cursor.durationValue(MIN_SEQUENCE_WITHIN_MS, MAX_SEQUENCE_WITHIN_MS, resolveSegmentDuration) };
        break;
      default:
        if (condition.filters.length === MAX_EVENT_PROPERTY_FILTERS) {
          throw cursor.error(`A shopper_events condition can hold at most ${MAX_EVENT_PROPERTY_FILTERS} property filters`, key);
        }
        condition.filters.push(propertyFilter(cursor, name, key));
    }
  }
}

function propertyFilter(cursor: SegmentTokenCursor, event: ShopperEventName, key: SegmentToken): EventPropertyFilter {
  const property = key.text;
  const definition = shopperEventFilter(event, property);
  if (definition === undefined) {
    const filters = Object.keys(SHOPPER_EVENT_FILTERS[event]);
    const suggestion = suggestClosestName(property, [...PARAMETERS, ...filters]);
    const hint = suggestion !== undefined ? `did you mean '${suggestion}'?` : `${event} can be filtered by ${[...filters, 'date', 'count'].join(', ')}`;
    throw cursor.error(`Unknown parameter '${property}' for ${event}`, key, hint);
  }
  if (definition.type === 'number') return { property, type: 'number', ...cursor.comparison(property, () => cursor.numberValue(false)) };
  if (definition.type === 'boolean') {
    const { operator, value } = cursor.comparison(property, () => booleanValue(cursor), EQUALITY) as { operator: '=' | '!='; value: boolean };
    return { property, type: 'boolean', operator, value };
  }
  const read = definition.type === 'id' ? () => idValue(cursor) : () => cursor.stringValue("a value in single quotes like 'abc'");
  const { operator, value } = cursor.comparison(property, read, EQUALITY) as { operator: '=' | '!='; value: string };
  return { property, type: definition.type, operator, value };
}

function eventName(cursor: SegmentTokenCursor): ShopperEventName {
  const token = cursor.peek();
  const value = cursor.stringValue("an event name in single quotes like 'Product_Viewed'");
  if (isShopperEventName(value)) return value;
  if (value === 'Cart_Updated') throw cursor.error("'Cart_Updated' is never stored", token, 'use Cart_ItemAdded or Cart_ItemRemoved');
  const suggestion = SHOPPER_EVENT_NAMES.find((n) => n.toLowerCase() === value.toLowerCase()) ?? suggestClosestName(value, SHOPPER_EVENT_NAMES);
  throw cursor.error(`Unknown event '${value}'`, token, suggestion !== undefined ? `did you mean '${suggestion}'?` : 'see docs/events.md for the event names');
}

function expectEquals(cursor: SegmentTokenCursor, parameter: string): void {
  const token = cursor.next();
  if (token.type !== 'operator' || token.text !== '=') throw cursor.error(`Expected '=' after ${parameter}, found ${describeToken(token)}`, token);
}

function countValue(cursor: SegmentTokenCursor): number {
  const token = cursor.peek();
  const value = cursor.numberValue(true, 0);
  if (value > MAX_EVENT_COUNT) throw cursor.error(`A count can be at most ${MAX_EVENT_COUNT}`, token);
  return value;
}

function booleanValue(cursor: SegmentTokenCursor): boolean {
  const token = cursor.next();
  if (token.type === 'identifier' && /^(true|false)$/i.test(token.text)) return token.text.toLowerCase() === 'true';
  throw cursor.error(`Expected true or false, found ${describeToken(token)}`, token);
}

/** Shopify ids are text; a whole number is accepted and read as its digits (never through a float). */
function idValue(cursor: SegmentTokenCursor): string {
  const token = cursor.next();
  if (token.type === 'string' || (token.type === 'number' && /^\d+$/.test(token.text))) return token.text;
  throw cursor.error(`Expected an id like '7982301', found ${describeToken(token)}`, token);
}
