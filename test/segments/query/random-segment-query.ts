import type { SeededRandom } from '../../../server/demo/create-seeded-random.js';
import { formatSegmentQuery } from '../../../server/segments/query/format-segment-query.js';
import { MAX_SHOPPER_EVENTS_CONDITIONS } from '../../../server/segments/query/parse-segment-query.js';
import { SEGMENT_ATTRIBUTES, SEGMENT_ATTRIBUTE_NAMES } from '../../../server/segments/query/segment-attributes.js';
import type {
  Comparison, ComparisonOperator, DateValue, DurationValue, EventPropertyFilter, SegmentCondition, SegmentExpression, ShopperEventsCondition,
} from '../../../server/segments/query/segment-query-ast.js';
import { SHOPPER_EVENT_FILTERS } from '../../../server/segments/query/shopper-event-filters.js';
import { MAX_SEGMENT_QUERY_LENGTH } from '../../../server/segments/query/tokenize-segment-query.js';

/** A few events with rich filters, so random conditions often meet random shoppers' events. */
export const RANDOM_EVENT_NAMES = ['Product_Viewed', 'Cart_ItemAdded', 'Checkout_Started', 'Checkout_Completed', 'Order_Placed', 'Checkout_ContactSubmitted'] as const;
/** Values shared with random-segment-shopper.ts so that equalities hit. */
export const ID_POOL = ['1', '2', '7982301'];
export const NUMBER_POOL = [0, 1, 2, 3, 9.99, 10, 50, 250.5];
export const TAG_POOL = ['vip', 'VIP', 'Sports wear', "o'neil", "x' OR 1=1 --", 'Émile', 'a\\b'];
export const EVENT_NUMBER_POOL = [0, 1, 2, 9.99, 10, 50];

const OPERATORS = ['=', '!=', '>', '>=', '<', '<='] as const;
const DURATIONS: DurationValue[] = [{ amount: 30, unit: 'min' }, { amount: 1, unit: 'h' }, { amount: 2, unit: 'h' }, { amount: 1, unit: 'd' }];

export interface RandomQueryOptions {
  /** Absolute date-times near this instant (so they fall among the shoppers' values). */
  baseMs: number;
}

/** A random tree over every condition form of the language, within the parser's limits. */
export function randomSegmentQuery(random: SeededRandom, depth: number, options: RandomQueryOptions): SegmentExpression {
  for (;;) {
    const tree = randomTree(random, depth, options);
    if (countEventConditions(tree) <= MAX_SHOPPER_EVENTS_CONDITIONS && formatSegmentQuery(tree).length <= MAX_SEGMENT_QUERY_LENGTH) return tree;
  }
}

function countEventConditions(tree: SegmentExpression): number {
  if (tree.kind === 'and' || tree.kind === 'or') return tree.operands.reduce((sum, operand) => sum + countEventConditions(operand), 0);
  if (tree.kind === 'not') return countEventConditions(tree.operand);
  return tree.kind === 'events' ? 1 : 0;
}

function randomTree(random: SeededRandom, depth: number, options: RandomQueryOptions): SegmentExpression {
  const roll = random.next();
  if (depth > 0 && roll < 0.35) {
    const operands = Array.from({ length: random.int(2, 3) }, () => randomTree(random, depth - 1, options));
    // Flattened as the parser does, so a tree and its formatted text parse to the same shape.
    const kind = roll < 0.17 ? 'and' : 'or';
    return { kind, operands: operands.flatMap((o) => (o.kind === kind ? o.operands : [o])), position: 0 };
  }
  if (depth > 0 && roll < 0.45) return { kind: 'not', operand: randomTree(random, depth - 1, options), position: 0 };
  return random.chance(0.35) ? randomShopperEventsCondition(random, options) : randomAttributeCondition(random, options);
}

function randomAttributeCondition(random: SeededRandom, options: RandomQueryOptions): SegmentCondition {
  const attribute = random.pick(SEGMENT_ATTRIBUTE_NAMES);
  const definition = SEGMENT_ATTRIBUTES[attribute];
  switch (definition.type) {
    case 'enum':
      return { kind: 'enum', attribute, operator: random.pick(['=', '!='] as const), value: random.pick(definition.values), position: 0 } as SegmentCondition;
    case 'string_list':
      return { kind: 'list', attribute: 'customer_tags', operator: random.pick(['CONTAINS', 'NOT CONTAINS'] as const), value: random.pick(TAG_POOL), position: 0 };
    case 'date':
      return { kind: 'date', attribute, position: 0, ...randomComparison(random, () => randomDate(random, options)) } as SegmentCondition;
    default: {
      const integer = definition.type === 'integer';
      const value = () => (integer ? random.int(0, 5) : random.pick(NUMBER_POOL));
      return { kind: 'number', attribute, position: 0, ...randomComparison(random, value) } as SegmentCondition;
    }
  }
}

function randomShopperEventsCondition(random: SeededRandom, options: RandomQueryOptions): ShopperEventsCondition {
  const name = random.pick(RANDOM_EVENT_NAMES);
  const condition: ShopperEventsCondition = { kind: 'events', negated: random.chance(0.3), name, filters: [], position: 0 };
  const filters = Object.entries(SHOPPER_EVENT_FILTERS[name]);
  const filterCount = random.pick([0, 0, 1, 1, 2]);
  for (let i = 0; i < filterCount && filters.length > 0; i++) {
    const [property, definition] = random.pick(filters);
    condition.filters.push(randomFilter(random, property, definition.type));
  }
  if (random.chance(0.3)) condition.notFollowedBy = { name: random.pick(RANDOM_EVENT_NAMES), within: random.pick(DURATIONS) };
  if (random.chance(0.7)) {
    const date = randomComparison(random, () => randomDate(random, options));
    condition.date = (date.operator === '!=' ? { ...date, operator: '>=' } : date) as ShopperEventsCondition['date'];
  }
  if (random.chance(0.5)) condition.count = randomComparison(random, () => random.int(0, 4));
  return condition;
}

function randomFilter(random: SeededRandom, property: string, type: EventPropertyFilter['type']): EventPropertyFilter {
  const operator = random.pick(['=', '!='] as const);
  switch (type) {
    case 'number': return { property, type, ...randomComparison(random, () => random.pick(EVENT_NUMBER_POOL)) };
    case 'boolean': return { property, type, operator, value: random.chance(0.5) };
    case 'id': return { property, type, operator, value: random.pick(ID_POOL) };
    case 'string': return { property, type, operator, value: random.pick(['USD', 'EUR', "it's", 'Shirt']) };
  }
}

function randomComparison<T>(random: SeededRandom, value: () => T): Comparison<T> {
  if (random.chance(0.15)) return { operator: 'BETWEEN', low: value(), high: value() };
  return { operator: random.pick<ComparisonOperator>(OPERATORS), value: value() };
}

/** Relative dates of every unit, near absolute dates and date-times, with a bias to the last weeks. */
export function randomDate(random: SeededRandom, options: RandomQueryOptions): DateValue {
  const near = new Date(options.baseMs + random.int(-40, 70) * 86_400_000 + random.int(0, 86_399) * 1000);
  switch (random.int(0, 5)) {
    case 0: return { type: 'named', name: random.pick(['today', 'yesterday'] as const) };
    case 1: return { type: 'offset', amount: -random.int(0, 40), unit: 'd' };
    case 2: return { type: 'offset', amount: random.int(-6, 1), unit: random.pick(['w', 'm', 'y', 'd'] as const) };
    case 3: return { type: 'date', year: near.getUTCFullYear(), month: near.getUTCMonth() + 1, day: near.getUTCDate() };
    case 4: return {
      type: 'datetime', year: near.getUTCFullYear(), month: near.getUTCMonth() + 1, day: near.getUTCDate(),
      hour: near.getUTCHours(), minute: near.getUTCMinutes(), second: near.getUTCSeconds(),
    };
    default: return { type: 'offset', amount: -random.int(0, 3), unit: random.pick(['m', 'y'] as const) };
  }
}
