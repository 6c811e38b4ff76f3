import type { DateAttributeName, EnumAttributeName, ListAttributeName, NumberAttributeName } from './segment-attributes.js';
import type { ShopperEventName } from './shopper-event-filters.js';

/** The typed tree a query parses into. `position` is the 0-based offset of the node's first character. */
export type SegmentExpression = OrExpression | AndExpression | NotExpression | SegmentCondition;

export interface OrExpression { kind: 'or'; operands: SegmentExpression[]; position: number }
export interface AndExpression { kind: 'and'; operands: SegmentExpression[]; position: number }
export interface NotExpression { kind: 'not'; operand: SegmentExpression; position: number }

export type ComparisonOperator = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type SegmentCondition = NumberCondition | DateCondition | EnumCondition | ListCondition | ShopperEventsCondition;

/** A comparison with one value, or BETWEEN with two (both ends included). */
export type Comparison<T> =
  | { operator: ComparisonOperator; value: T }
  | { operator: 'BETWEEN'; low: T; high: T };

export type NumberCondition = { kind: 'number'; attribute: NumberAttributeName; position: number } & Comparison<number>;

export type DateCondition = { kind: 'date'; attribute: DateAttributeName; position: number } & Comparison<DateValue>;

export interface EnumCondition {
  kind: 'enum';
  attribute: EnumAttributeName;
  operator: '=' | '!=';
  value: string;
  position: number;
}

export interface ListCondition {
  kind: 'list';
  attribute: ListAttributeName;
  operator: 'CONTAINS' | 'NOT CONTAINS';
  value: string;
  position: number;
}

/**
 * `shopper_events [NOT] MATCHES (name = 'X', <filters>, not_followed_by = 'Y', within = 1h, date >= -7d, count >= 3)`:
 * the number of the shopper's events named X, in the date window, passing every filter (and, with
 * `notFollowedBy`, not followed by a Y within the time, that time being over) satisfies `count`
 * (undefined = the default `count >= 1`). `negated` is `NOT MATCHES`: the plain complement.
 */
export interface ShopperEventsCondition {
  kind: 'events';
  negated: boolean;
  name: ShopperEventName;
  filters: EventPropertyFilter[];
  notFollowedBy?: { name: ShopperEventName; within: DurationValue };
  date?: Comparison<DateValue> & { operator: Exclude<ComparisonOperator, '!='> | 'BETWEEN' };
  count?: Comparison<number>;
  position: number;
}

/** One property filter; `property` is the snake_case filter name (shopper-event-filters.ts). */
export type EventPropertyFilter =
  | { property: string; type: 'id' | 'string'; operator: '=' | '!='; value: string }
  | { property: string; type: 'boolean'; operator: '=' | '!='; value: boolean }
  | ({ property: string; type: 'number' } & Comparison<number>);

/** Dates as written: resolved against "now" only when evaluated, so a stored query stays relative. */
export type DateValue =
  | { type: 'date'; year: number; month: number; day: number }
  | { type: 'datetime'; year: number; month: number; day: number; hour: number; minute: number; second: number }
  | { type: 'named'; name: 'today' | 'yesterday' }
  | { type: 'offset'; amount: number; unit: 'd' | 'w' | 'm' | 'y' };

/** A length of time as written (`30min`, `1h`, `2d`, `1w`), kept in its unit so formatting gives it back. */
export interface DurationValue {
  amount: number;
  unit: 'min' | 'h' | 'd' | 'w';
}
