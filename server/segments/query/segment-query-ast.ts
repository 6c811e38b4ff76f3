import type { DateAttributeName, EnumAttributeName, ListAttributeName, NumberAttributeName } from './segment-attributes.js';

/** The typed tree a query parses into. `position` is the 0-based offset of the node's first character. */
export type SegmentExpression = OrExpression | AndExpression | NotExpression | SegmentCondition;

export interface OrExpression { kind: 'or'; operands: SegmentExpression[]; position: number }
export interface AndExpression { kind: 'and'; operands: SegmentExpression[]; position: number }
export interface NotExpression { kind: 'not'; operand: SegmentExpression; position: number }

export type ComparisonOperator = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type SegmentCondition = NumberCondition | DateCondition | EnumCondition | ListCondition;

export type NumberCondition =
  | { kind: 'number'; attribute: NumberAttributeName; operator: ComparisonOperator; value: number; position: number }
  | { kind: 'number'; attribute: NumberAttributeName; operator: 'BETWEEN'; low: number; high: number; position: number };

export type DateCondition =
  | { kind: 'date'; attribute: DateAttributeName; operator: ComparisonOperator; value: DateValue; position: number }
  | { kind: 'date'; attribute: DateAttributeName; operator: 'BETWEEN'; low: DateValue; high: DateValue; position: number };

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

/** Dates as written: resolved against "now" only when evaluated, so a stored query stays relative. */
export type DateValue =
  | { type: 'date'; year: number; month: number; day: number }
  | { type: 'datetime'; year: number; month: number; day: number; hour: number; minute: number; second: number }
  | { type: 'named'; name: 'today' | 'yesterday' }
  | { type: 'offset'; amount: number; unit: 'd' | 'w' | 'm' | 'y' };
