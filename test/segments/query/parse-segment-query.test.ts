import { describe, expect, it } from 'vitest';
import { parseSegmentQuery } from '../../../server/segments/query/parse-segment-query.js';
import { SegmentQueryError } from '../../../server/segments/query/segment-query-error.js';

describe('parseSegmentQuery', () => {
  it('reads a clause as attribute, operator and condition', () => {
    expect(parseSegmentQuery("email_subscription_status = 'SUBSCRIBED'")).toEqual({
      kind: 'enum', attribute: 'email_subscription_status', operator: '=', value: 'SUBSCRIBED', position: 0,
    });
  });

  it('binds AND tighter than OR', () => {
    const ast = parseSegmentQuery('amount_spent > 1 OR number_of_orders = 2 AND last_order_date > -7d');
    expect(ast).toEqual({
      kind: 'or', position: 0, operands: [
        { kind: 'number', attribute: 'amount_spent', operator: '>', value: 1, position: 0 },
        { kind: 'and', position: 20, operands: [
          { kind: 'number', attribute: 'number_of_orders', operator: '=', value: 2, position: 20 },
          { kind: 'date', attribute: 'last_order_date', operator: '>', value: { type: 'offset', amount: -7, unit: 'd' }, position: 45 },
        ] },
      ],
    });
  });

  it('lets parentheses override precedence and NOT apply to one operand', () => {
    const ast = parseSegmentQuery("NOT (amount_spent > 1 OR rfm_group = 'NEW') AND customer_tags NOT CONTAINS 'vip'");
    expect(ast).toMatchObject({
      kind: 'and', operands: [
        { kind: 'not', position: 0, operand: { kind: 'or', position: 5 } },
        { kind: 'list', attribute: 'customer_tags', operator: 'NOT CONTAINS', value: 'vip', position: 48 },
      ],
    });
  });

  it('reads every documented date form, BETWEEN with mixed forms included', () => {
    expect(parseSegmentQuery('last_order_date BETWEEN 2020-01-01 AND -7d')).toMatchObject({
      operator: 'BETWEEN', low: { type: 'date', year: 2020, month: 1, day: 1 }, high: { type: 'offset', amount: -7, unit: 'd' },
    });
    expect(parseSegmentQuery('last_order_date BETWEEN 2021-01-01 AND today')).toMatchObject({ high: { type: 'named', name: 'today' } });
    expect(parseSegmentQuery('last_order_date = yesterday')).toMatchObject({ value: { type: 'named', name: 'yesterday' } });
    expect(parseSegmentQuery('last_order_date >= +2w')).toMatchObject({ value: { type: 'offset', amount: 2, unit: 'w' } });
    expect(parseSegmentQuery('last_order_date = -12m')).toMatchObject({ value: { type: 'offset', amount: -12, unit: 'm' } });
    expect(parseSegmentQuery('last_order_date < -1y')).toMatchObject({ value: { type: 'offset', amount: -1, unit: 'y' } });
    expect(parseSegmentQuery('last_order_date > 2020-05-30T16:00:00')).toMatchObject({
      value: { type: 'datetime', year: 2020, month: 5, day: 30, hour: 16, minute: 0, second: 0 },
    });
  });

  it('reads numbers, BETWEEN for numbers, escaped quotes and spacing as Shopify writes them', () => {
    expect(parseSegmentQuery('amount_spent BETWEEN 100 AND 1000.99')).toMatchObject({ operator: 'BETWEEN', low: 100, high: 1000.99 });
    expect(parseSegmentQuery('number_of_orders>=10')).toMatchObject({ operator: '>=', value: 10 });
    expect(parseSegmentQuery("customer_tags CONTAINS '\\'VIP\\''")).toMatchObject({ value: "'VIP'" });
    expect(parseSegmentQuery("customer_tags CONTAINS 'Sports wear'")).toMatchObject({ value: 'Sports wear' });
    expect(parseSegmentQuery('\n  (amount_spent > 1)\n')).toMatchObject({ position: 4 });
  });

  it('accepts keywords in any case', () => {
    expect(parseSegmentQuery('amount_spent between 1 and 2 or not number_of_orders = 1')).toMatchObject({
      kind: 'or', operands: [{ operator: 'BETWEEN' }, { kind: 'not' }],
    });
    expect(parseSegmentQuery("customer_tags not contains 'x'")).toMatchObject({ operator: 'NOT CONTAINS' });
  });
});

describe('parseSegmentQuery errors', () => {
  it.each<[string, string, number, number]>([
    ['amount_spnt > 100', "Unknown attribute 'amount_spnt' at 0; did you mean 'amount_spent'?", 1, 1],
    ['last_order_date > last_week', "Expected a date like 2025-01-31, today, yesterday or -7d, found 'last_week' at 18", 1, 19],
    ['last_order_date > 2025-1-31', "Write dates as yyyy-mm-dd, like 2025-01-31, not '2025-1-31' at 18", 1, 19],
    ['last_order_date = 2021-02-29', "'2021-02-29' is not a real date at 18", 1, 19],
    ['last_order_date = 2021-02-28T24:00:00', "'2021-02-28T24:00:00' is not a real date and time at 18", 1, 19],
    ['last_order_date BETWEEN 1pm AND 3pm', "Unexpected '1pm' at 24", 1, 25],
    ["email_subscription_status = 'subscribed'", "Unknown value 'subscribed' for email_subscription_status at 28; did you mean 'SUBSCRIBED'?", 1, 29],
    ["rfm_group = 'champions'", "Unknown value 'champions' for rfm_group at 12; did you mean 'CHAMPIONS'?", 1, 13],
    ["email_subscription_status = 'FOO'", "Unknown value 'FOO' for email_subscription_status at 28; expected one of SUBSCRIBED, NOT_SUBSCRIBED, UNSUBSCRIBED, PENDING, REDACTED, INVALID", 1, 29],
    ["email_subscription_status > 'SUBSCRIBED'", "email_subscription_status can only be compared with = or !=, found '>' at 26", 1, 27],
    ['rfm_group = CHAMPIONS', "Expected a value in single quotes like 'CHAMPIONS', found 'CHAMPIONS' at 12", 1, 13],
    ['number_of_orders > 2.5', "Expected a whole number like 3, found '2.5' at 19", 1, 20],
    ['number_of_orders > 99999999999999999999', 'The number 99999999999999999999 is too large at 19', 1, 20],
    ['amount_spent > 1,000', "Unexpected ',000' at 16", 1, 17],
    ['amount_spent > ', 'Expected a number like 100 or 10.99, found the end of the query at 15', 1, 16],
    ['amount_spent >> 5', "Expected a number like 100 or 10.99, found '>' at 14", 1, 15],
    ['amount_spent ≥ 5', "Unexpected '≥' at 13", 1, 14],
    ['amount_spent BETWEEN 1 OR 5', "Expected AND between the two BETWEEN values, found 'OR' at 23", 1, 24],
    ["customer_tags = 'vip'", "customer_tags takes CONTAINS or NOT CONTAINS, found '=' at 14", 1, 15],
    ['customer_tags CONTAINS vip', "Expected a tag in single quotes like 'vip', found 'vip' at 23", 1, 24],
    ["customer_tags CONTAINS 'vip", 'This quoted value has no closing quote at 23', 1, 24],
    ["customer_countries CONTAINS 'CA'", "The Shopify attribute 'customer_countries' is not supported here at 0", 1, 1],
    ['', 'The query is empty; expected a condition such as amount_spent > 100 at 0', 1, 1],
    ['(amount_spent > 1', "Expected ')' to close the '(' at 0, found the end of the query at 17", 1, 18],
    ['amount_spent > 1)', "This ')' has no matching '(' at 16", 1, 17],
    ['amount_spent > 1 amount_spent < 5', "Expected AND, OR or the end of the query, found 'amount_spent' at 17", 1, 18],
    ['amount_spent > 5 AND', 'Expected an attribute such as amount_spent, found the end of the query at 20', 1, 21],
    ['AND amount_spent > 5', "Expected an attribute such as amount_spent, found 'AND' at 0", 1, 1],
    ['amount_spent\n  > 5 AND\n  last_order_date > 2025-01-32', "'2025-01-32' is not a real date at 43", 3, 21],
  ])('%j', (query, message, line, column) => {
    const error = catchError(query);
    expect(error.message).toBe(message);
    expect([error.line, error.column]).toEqual([line, column]);
  });

  it('bounds the length and the nesting depth', () => {
    expect(catchError('amount_spent > 1 OR '.repeat(200) + 'amount_spent > 1').message).toBe('The query is longer than 4000 characters at 4000');
    expect(catchError(`${'('.repeat(40)}amount_spent > 1${')'.repeat(40)}`).message).toBe('The query nests parentheses and NOT more than 32 levels deep at 32');
    expect(catchError(`${'NOT '.repeat(33)}amount_spent > 1`).message).toBe('The query nests parentheses and NOT more than 32 levels deep at 128');
    expect(parseSegmentQuery(`${'('.repeat(32)}amount_spent > 1${')'.repeat(32)}`)).toMatchObject({ kind: 'number' });
  });
});

function catchError(query: string): SegmentQueryError {
  try {
    parseSegmentQuery(query);
  } catch (error) {
    if (error instanceof SegmentQueryError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(query)} to fail`);
}
