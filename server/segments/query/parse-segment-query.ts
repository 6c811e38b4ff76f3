import {
  SEGMENT_ATTRIBUTES, SEGMENT_ATTRIBUTE_NAMES, SHOPPER_EVENTS, isSegmentAttributeName,
  type DateAttributeName, type EnumAttributeName, type ListAttributeName, type NumberAttributeName, type SegmentAttributeName,
} from './segment-attributes.js';
import type { SegmentCondition, SegmentExpression } from './segment-query-ast.js';
import { SegmentTokenCursor, describeToken } from './segment-token-cursor.js';
import type { SegmentToken } from './tokenize-segment-query.js';
import { parseShopperEventsCondition } from './parse-shopper-events-condition.js';
import { suggestClosestName } from './suggest-closest-name.js';

/** Deep enough for any hand-written query, shallow enough that recursion can never exhaust the stack. */
export const MAX_SEGMENT_QUERY_DEPTH = 32;
/** Each behavioral condition is a subquery per shopper: a few are plenty, many would make a segment slow. */
export const MAX_SHOPPER_EVENTS_CONDITIONS = 10;

/** Shopify attributes we do not offer, so the error can say "not supported" instead of "unknown". */
const OTHER_SHOPIFY_ATTRIBUTES = new Set([
  'customer_added_date', 'sms_subscription_status', 'product_subscription_status', 'predicted_spend_tier',
  'customer_account_status', 'customer_email_domain', 'customer_language', 'customer_cities', 'customer_countries',
  'customer_regions', 'companies', 'created_by_app_id', 'products_purchased', 'orders_placed',
  'customer_within_distance', 'anniversary', 'store_credit_accounts',
]);
/** Shopify's behavioral attributes, and how to say the same here. */
const BEHAVIOR_HINTS: Record<string, string> = {
  products_purchased: "use shopper_events MATCHES (name = 'Order_Placed', product_id = '123')",
  orders_placed: "use shopper_events MATCHES (name = 'Order_Placed', date >= -30d)",
  'storefront_event.': "use shopper_events MATCHES (name = 'Product_Viewed', date >= -7d)",
};

/** Parses a WHERE-only segment query (docs/segment-language.md) into a typed tree, or throws SegmentQueryError. */
export function parseSegmentQuery(source: string): SegmentExpression {
  return new Parser(new SegmentTokenCursor(source)).parseQuery();
}

class Parser {
  private depth = 0;
  private eventConditions = 0;

  constructor(private readonly cursor: SegmentTokenCursor) {}

  parseQuery(): SegmentExpression {
    const { cursor } = this;
    if (cursor.peek().type === 'end') throw cursor.error('The query is empty; expected a condition such as amount_spent > 100', cursor.peek());
    const expression = this.parseOr();
    const next = cursor.peek();
    if (next.type === 'close_paren') throw cursor.error("This ')' has no matching '('", next);
    if (next.type !== 'end') throw cursor.error(`Expected AND, OR or the end of the query, found ${describeToken(next)}`, next);
    return expression;
  }

  private parseOr(): SegmentExpression {
    const first = this.parseAnd();
    const operands = [first];
    while (this.cursor.acceptKeyword('OR')) operands.push(this.parseAnd());
    if (operands.length === 1) return first;
    // "(a OR b) OR c" and "a OR b OR c" get the same tree, so formatting and comparing trees is canonical.
    return { kind: 'or', operands: operands.flatMap((o) => (o.kind === 'or' ? o.operands : [o])), position: first.position };
  }

  private parseAnd(): SegmentExpression {
    const first = this.parseUnary();
    const operands = [first];
    while (this.cursor.acceptKeyword('AND')) operands.push(this.parseUnary());
    if (operands.length === 1) return first;
    return { kind: 'and', operands: operands.flatMap((o) => (o.kind === 'and' ? o.operands : [o])), position: first.position };
  }

  private parseUnary(): SegmentExpression {
    const { cursor } = this;
    const token = cursor.peek();
    if (token.type === 'keyword' && token.text === 'NOT') {
      cursor.next();
      return this.nested(token, () => ({ kind: 'not', operand: this.parseUnary(), position: token.position }));
    }
    if (token.type === 'open_paren') {
      cursor.next();
      const inner = this.nested(token, () => this.parseOr());
      const close = cursor.peek();
      if (close.type !== 'close_paren') {
        throw cursor.error(`Expected ')' to close the '(' at ${token.position}, found ${describeToken(close)}`, close);
      }
      cursor.next();
      return inner;
    }
    return this.parseCondition();
  }

  private nested<T>(token: SegmentToken, parse: () => T): T {
    if (++this.depth > MAX_SEGMENT_QUERY_DEPTH) {
      throw this.cursor.error(`The query nests parentheses and NOT more than ${MAX_SEGMENT_QUERY_DEPTH} levels deep`, token);
    }
    const result = parse();
    this.depth--;
    return result;
  }

  private parseCondition(): SegmentCondition {
    const { cursor } = this;
    const token = cursor.next();
    if (token.type !== 'identifier') throw cursor.error(`Expected an attribute such as amount_spent, found ${describeToken(token)}`, token);
    const position = token.position;
    if (token.text === SHOPPER_EVENTS) {
      if (++this.eventConditions > MAX_SHOPPER_EVENTS_CONDITIONS) {
        throw cursor.error(`A query can hold at most ${MAX_SHOPPER_EVENTS_CONDITIONS} shopper_events conditions`, token);
      }
      return parseShopperEventsCondition(cursor, position);
    }
    const attribute = this.attributeName(token);
    const definition = SEGMENT_ATTRIBUTES[attribute];
    if (definition.type === 'string_list') {
      const operator = cursor.next();
      let listOperator: 'CONTAINS' | 'NOT CONTAINS' | undefined;
      if (operator.type === 'keyword' && operator.text === 'CONTAINS') listOperator = 'CONTAINS';
      if (operator.type === 'keyword' && operator.text === 'NOT' && cursor.acceptKeyword('CONTAINS')) listOperator = 'NOT CONTAINS';
      if (listOperator === undefined) throw cursor.error(`${attribute} takes CONTAINS or NOT CONTAINS, found ${describeToken(operator)}`, operator);
      return { kind: 'list', attribute: attribute as ListAttributeName, operator: listOperator, value: cursor.stringValue(`a tag in single quotes like 'vip'`), position };
    }
    if (definition.type === 'enum') {
      const operator = cursor.next();
      if (operator.type !== 'operator' || (operator.text !== '=' && operator.text !== '!=')) {
        throw cursor.error(`${attribute} can only be compared with = or !=, found ${describeToken(operator)}`, operator);
      }
      return { kind: 'enum', attribute: attribute as EnumAttributeName, operator: operator.text, value: cursor.enumValue(attribute, definition.values), position };
    }
    if (definition.type === 'date') {
      return { kind: 'date', attribute: attribute as DateAttributeName, position, ...cursor.comparison(attribute, () => cursor.dateValue()) };
    }
    const integer = definition.type === 'integer';
    return { kind: 'number', attribute: attribute as NumberAttributeName, position, ...cursor.comparison(attribute, () => cursor.numberValue(integer)) };
  }

  private attributeName(token: SegmentToken): SegmentAttributeName {
    if (isSegmentAttributeName(token.text)) return token.text;
    if (OTHER_SHOPIFY_ATTRIBUTES.has(token.text) || token.text.startsWith('shopify_email.') || token.text.startsWith('storefront_event.')) {
      const hint = BEHAVIOR_HINTS[token.text.startsWith('storefront_event.') ? 'storefront_event.' : token.text];
      return this.fail(`The Shopify attribute '${token.text}' is not supported here`, token, hint);
    }
    const suggestion = suggestClosestName(token.text, [...SEGMENT_ATTRIBUTE_NAMES, SHOPPER_EVENTS]);
    return this.fail(`Unknown attribute '${token.text}'`, token, suggestion && `did you mean '${suggestion}'?`);
  }

  private fail(reason: string, token: SegmentToken, hint?: string): never {
    throw this.cursor.error(reason, token, hint);
  }
}
