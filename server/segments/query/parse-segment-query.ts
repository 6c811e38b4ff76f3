import {
  SEGMENT_ATTRIBUTES, SEGMENT_ATTRIBUTE_NAMES, isSegmentAttributeName,
  type DateAttributeName, type EnumAttributeName, type NumberAttributeName, type SegmentAttributeName,
} from './segment-attributes.js';
import type { ComparisonOperator, DateValue, SegmentCondition, SegmentExpression } from './segment-query-ast.js';
import { SegmentQueryError } from './segment-query-error.js';
import { suggestClosestName } from './suggest-closest-name.js';
import { tokenizeSegmentQuery, type SegmentToken } from './tokenize-segment-query.js';

/** Deep enough for any hand-written query, shallow enough that recursion can never exhaust the stack. */
export const MAX_SEGMENT_QUERY_DEPTH = 32;

/** Far above any shop's totals; keeps every number printable without exponent notation. */
const MAX_NUMBER = 1e15;
const COMPARISONS = new Set<string>(['=', '!=', '>', '>=', '<', '<=']);
const DATE_HINT = 'Expected a date like 2025-01-31, today, yesterday or -7d';

/** Shopify attributes we do not offer, so the error can say "not supported" instead of "unknown". */
const OTHER_SHOPIFY_ATTRIBUTES = new Set([
  'customer_added_date', 'sms_subscription_status', 'product_subscription_status', 'predicted_spend_tier',
  'customer_account_status', 'customer_email_domain', 'customer_language', 'customer_cities', 'customer_countries',
  'customer_regions', 'companies', 'created_by_app_id', 'products_purchased', 'orders_placed',
  'customer_within_distance', 'anniversary', 'store_credit_accounts',
]);

/** Parses a WHERE-only segment query (docs/segment-language.md) into a typed tree, or throws SegmentQueryError. */
export function parseSegmentQuery(source: string): SegmentExpression {
  return new Parser(source).parseQuery();
}

class Parser {
  private readonly tokens: SegmentToken[];
  private index = 0;
  private depth = 0;

  constructor(private readonly source: string) {
    this.tokens = tokenizeSegmentQuery(source);
  }

  parseQuery(): SegmentExpression {
    if (this.peek().type === 'end') throw this.error('The query is empty; expected a condition such as amount_spent > 100', this.peek());
    const expression = this.parseOr();
    const next = this.peek();
    if (next.type === 'close_paren') throw this.error("This ')' has no matching '('", next);
    if (next.type !== 'end') throw this.error(`Expected AND, OR or the end of the query, found ${describe(next)}`, next);
    return expression;
  }

  private parseOr(): SegmentExpression {
    const first = this.parseAnd();
    const operands = [first];
    while (this.acceptKeyword('OR')) operands.push(this.parseAnd());
    if (operands.length === 1) return first;
    // "(a OR b) OR c" and "a OR b OR c" get the same tree, so formatting and comparing trees is canonical.
    return { kind: 'or', operands: operands.flatMap((o) => (o.kind === 'or' ? o.operands : [o])), position: first.position };
  }

  private parseAnd(): SegmentExpression {
    const first = this.parseUnary();
    const operands = [first];
    while (this.acceptKeyword('AND')) operands.push(this.parseUnary());
    if (operands.length === 1) return first;
    // "(a OR b) OR c" and "a OR b OR c" get the same tree, so formatting and comparing trees is canonical.
    return { kind: 'and', operands: operands.flatMap((o) => (o.kind === 'and' ? o.operands : [o])), position: first.position };
  }

  private parseUnary(): SegmentExpression {
    const token = this.peek();
    if (token.type === 'keyword' && token.text === 'NOT') {
      this.index++;
      return this.nested(token, () => ({ kind: 'not', operand: this.parseUnary(), position: token.position }));
    }
    if (token.type === 'open_paren') {
      this.index++;
      const inner = this.nested(token, () => this.parseOr());
      const close = this.peek();
      if (close.type !== 'close_paren') {
        throw this.error(`Expected ')' to close the '(' at ${token.position}, found ${describe(close)}`, close);
      }
      this.index++;
      return inner;
    }
    return this.parseCondition();
  }

  private nested<T>(token: SegmentToken, parse: () => T): T {
    if (++this.depth > MAX_SEGMENT_QUERY_DEPTH) {
      throw this.error(`The query nests parentheses and NOT more than ${MAX_SEGMENT_QUERY_DEPTH} levels deep`, token);
    }
    const result = parse();
    this.depth--;
    return result;
  }

  private parseCondition(): SegmentCondition {
    const token = this.next();
    if (token.type !== 'identifier') {
      throw this.error(`Expected an attribute such as amount_spent, found ${describe(token)}`, token);
    }
    const attribute = this.attributeName(token);
    const position = token.position;
    const definition = SEGMENT_ATTRIBUTES[attribute];
    if (definition.type === 'string_list') {
      const operator = this.next();
      let listOperator: 'CONTAINS' | 'NOT CONTAINS' | undefined;
      if (operator.type === 'keyword' && operator.text === 'CONTAINS') listOperator = 'CONTAINS';
      if (operator.type === 'keyword' && operator.text === 'NOT' && this.acceptKeyword('CONTAINS')) listOperator = 'NOT CONTAINS';
      if (listOperator === undefined) throw this.error(`${attribute} takes CONTAINS or NOT CONTAINS, found ${describe(operator)}`, operator);
      return { kind: 'list', attribute: 'customer_tags', operator: listOperator, value: this.stringValue(`a tag in single quotes like 'vip'`), position };
    }
    if (definition.type === 'enum') {
      const operator = this.next();
      if (operator.type !== 'operator' || (operator.text !== '=' && operator.text !== '!=')) {
        throw this.error(`${attribute} can only be compared with = or !=, found ${describe(operator)}`, operator);
      }
      return { kind: 'enum', attribute: attribute as EnumAttributeName, operator: operator.text, value: this.enumValue(attribute, definition.values), position };
    }
    const operator = this.next();
    const isBetween = operator.type === 'keyword' && operator.text === 'BETWEEN';
    if (!isBetween && !(operator.type === 'operator' && COMPARISONS.has(operator.text))) {
      throw this.error(`Expected an operator (=, !=, >, >=, <, <= or BETWEEN) after ${attribute}, found ${describe(operator)}`, operator);
    }
    if (definition.type === 'date') {
      const dateAttribute = attribute as DateAttributeName;
      if (!isBetween) return { kind: 'date', attribute: dateAttribute, operator: operator.text as ComparisonOperator, value: this.dateValue(), position };
      const low = this.dateValue();
      this.expectBetweenAnd();
      return { kind: 'date', attribute: dateAttribute, operator: 'BETWEEN', low, high: this.dateValue(), position };
    }
    const numberAttribute = attribute as NumberAttributeName;
    const integer = definition.type === 'integer';
    if (!isBetween) return { kind: 'number', attribute: numberAttribute, operator: operator.text as ComparisonOperator, value: this.numberValue(integer), position };
    const low = this.numberValue(integer);
    this.expectBetweenAnd();
    return { kind: 'number', attribute: numberAttribute, operator: 'BETWEEN', low, high: this.numberValue(integer), position };
  }

  private attributeName(token: SegmentToken): SegmentAttributeName {
    if (isSegmentAttributeName(token.text)) return token.text;
    if (OTHER_SHOPIFY_ATTRIBUTES.has(token.text) || token.text.startsWith('shopify_email.') || token.text.startsWith('storefront_event.')) {
      throw this.error(`The Shopify attribute '${token.text}' is not supported here`, token);
    }
    const suggestion = suggestClosestName(token.text, SEGMENT_ATTRIBUTE_NAMES);
    throw this.error(`Unknown attribute '${token.text}'`, token, suggestion && `did you mean '${suggestion}'?`);
  }

  private expectBetweenAnd(): void {
    const token = this.next();
    if (token.type !== 'keyword' || token.text !== 'AND') throw this.error(`Expected AND between the two BETWEEN values, found ${describe(token)}`, token);
  }

  private numberValue(integer: boolean): number {
    const token = this.next();
    const expected = integer ? 'Expected a whole number like 3' : 'Expected a number like 100 or 10.99';
    if (token.type !== 'number' || (integer && token.text.includes('.'))) throw this.error(`${expected}, found ${describe(token)}`, token);
    // `|| 0` turns -0 into 0 so a formatted query reads back identically.
    const value = Number(token.text) || 0;
    if (Math.abs(value) > MAX_NUMBER || (integer && !Number.isSafeInteger(value))) throw this.error(`The number ${token.text} is too large`, token);
    return value;
  }

  private stringValue(expected: string): string {
    const token = this.next();
    if (token.type !== 'string') throw this.error(`Expected ${expected}, found ${describe(token)}`, token);
    return token.text;
  }

  private enumValue(attribute: string, values: readonly string[]): string {
    const token = this.peek();
    const value = this.stringValue(`a value in single quotes like '${values[0] ?? ''}'`);
    if (values.includes(value)) return value;
    const suggestion = values.find((v) => v.toLowerCase() === value.toLowerCase()) ?? suggestClosestName(value, values);
    throw this.error(`Unknown value '${value}' for ${attribute}`, token, suggestion === undefined ? `expected one of ${values.join(', ')}` : `did you mean '${suggestion}'?`);
  }

  private dateValue(): DateValue {
    const token = this.next();
    if (token.type === 'identifier' && /^(today|yesterday)$/i.test(token.text)) {
      return { type: 'named', name: token.text.toLowerCase() as 'today' | 'yesterday' };
    }
    if (token.type === 'offset') {
      return { type: 'offset', amount: Number(token.text.slice(0, -1)) || 0, unit: token.text.slice(-1) as 'd' | 'w' | 'm' | 'y' };
    }
    if (token.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(token.text)) {
      throw this.error(`Write dates as yyyy-mm-dd, like 2025-01-31, not '${token.text}'`, token);
    }
    if (token.type === 'date' || token.type === 'datetime') {
      const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = token.text.split(/[-T:]/).map(Number);
      const instant = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
      const real = instant.getUTCFullYear() === year && instant.getUTCMonth() === month - 1 && instant.getUTCDate() === day
        && instant.getUTCHours() === hour && instant.getUTCMinutes() === minute && instant.getUTCSeconds() === second;
      if (!real) throw this.error(`'${token.text}' is not a real ${token.type === 'date' ? 'date' : 'date and time'}`, token);
      return token.type === 'date' ? { type: 'date', year, month, day } : { type: 'datetime', year, month, day, hour, minute, second };
    }
    throw this.error(`${DATE_HINT}, found ${describe(token)}`, token);
  }

  private acceptKeyword(keyword: string): boolean {
    const token = this.peek();
    if (token.type !== 'keyword' || token.text !== keyword) return false;
    this.index++;
    return true;
  }

  private peek(): SegmentToken {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): SegmentToken {
    const token = this.peek();
    if (token.type !== 'end') this.index++;
    return token;
  }

  private error(reason: string, token: SegmentToken, hint?: string): SegmentQueryError {
    return new SegmentQueryError(reason, token.position, this.source, hint);
  }
}

function describe(token: SegmentToken): string {
  if (token.type === 'end') return 'the end of the query';
  if (token.type === 'string') return `'${token.text}'`;
  return `'${token.text}'`;
}
