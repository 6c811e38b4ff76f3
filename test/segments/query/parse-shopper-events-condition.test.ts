import { describe, expect, it } from 'vitest';
import { parseSegmentQuery } from '../../../server/segments/query/parse-segment-query.js';
import { SegmentQueryError } from '../../../server/segments/query/segment-query-error.js';

const PV = "shopper_events MATCHES (name = 'Product_Viewed'";
const CS = "shopper_events MATCHES (name = 'Checkout_Started', not_followed_by = 'Checkout_Completed'";

describe('parseSegmentQuery: behavioral conditions and trait attributes', () => {
  it('reads the documented forms', () => {
    expect(parseSegmentQuery(`${PV}, date >= -7d, count >= 3)`)).toEqual({
      kind: 'events', negated: false, name: 'Product_Viewed', filters: [], position: 0,
      date: { operator: '>=', value: { type: 'offset', amount: -7, unit: 'd' } }, count: { operator: '>=', value: 3 },
    });
    expect(parseSegmentQuery(`${PV}, product_id = '7982301', date >= -30d)`)).toMatchObject({
      filters: [{ property: 'product_id', type: 'id', operator: '=', value: '7982301' }],
    });
    expect(parseSegmentQuery("shopper_events NOT MATCHES (name = 'Cart_ItemAdded', date >= -7d)")).toMatchObject({ negated: true, name: 'Cart_ItemAdded' });
    expect(parseSegmentQuery(`${CS}, within = 1h, date >= -7d)`)).toMatchObject({
      notFollowedBy: { name: 'Checkout_Completed', within: { amount: 1, unit: 'h' } }, date: { operator: '>=' },
    });
  });

  it('reads parameters after name in any order, ids as numbers, and keywords in any case', () => {
    const ast = parseSegmentQuery("shopper_events not matches (name = 'Order_Placed', count between 1 and 2, within = 90min, product_id = 12345678901234567890, not_followed_by = 'Order_Cancelled', is_first_order = TRUE, total BETWEEN 10 AND 99.5)");
    expect(ast).toMatchObject({
      negated: true, count: { operator: 'BETWEEN', low: 1, high: 2 }, notFollowedBy: { name: 'Order_Cancelled', within: { amount: 90, unit: 'min' } },
      filters: [
        // Read as its digits: never through a float, which would round it.
        { property: 'product_id', type: 'id', value: '12345678901234567890' },
        { property: 'is_first_order', type: 'boolean', operator: '=', value: true },
        { property: 'total', type: 'number', operator: 'BETWEEN', low: 10, high: 99.5 },
      ],
    });
  });

  it('mixes behavioral conditions with attributes, NOT and parentheses', () => {
    expect(parseSegmentQuery(`NOT (${PV}) OR sessions > 2) AND primary_device = 'MOBILE'`)).toMatchObject({
      kind: 'and', operands: [{ kind: 'not', operand: { kind: 'or', operands: [{ kind: 'events' }, { kind: 'number', attribute: 'sessions' }] } }, { kind: 'enum' }],
    });
  });

  it('reads every trait attribute with its type', () => {
    expect(parseSegmentQuery('cart_abandoned_date > -1d')).toMatchObject({ kind: 'date', attribute: 'cart_abandoned_date' });
    expect(parseSegmentQuery('engagement_depth BETWEEN 0.5 AND 2')).toMatchObject({ kind: 'number', operator: 'BETWEEN' });
    expect(parseSegmentQuery("funnel_stage != 'REPEAT_CUSTOMER'")).toMatchObject({ kind: 'enum', value: 'REPEAT_CUSTOMER' });
    expect(parseSegmentQuery('rfm_frequency_score >= 4')).toMatchObject({ kind: 'number', attribute: 'rfm_frequency_score', value: 4 });
  });
});

describe('parseSegmentQuery errors in behavioral conditions and trait attributes', () => {
  it.each<[string, string, number]>([
    [`shopper_events MATCHES (name = 'Product_Viewd')`, "Unknown event 'Product_Viewd' at 31; did you mean 'Product_Viewed'?", 32],
    [`shopper_events MATCHES (name = 'product_viewed')`, "Unknown event 'product_viewed' at 31; did you mean 'Product_Viewed'?", 32],
    [`shopper_events MATCHES (name = 'Cart_Updated')`, "'Cart_Updated' is never stored at 31; use Cart_ItemAdded or Cart_ItemRemoved", 32],
    [`shopper_events MATCHES (name = 'Purchase')`, "Unknown event 'Purchase' at 31; see docs/events.md for the event names", 32],
    ['shopper_events MATCHES (date >= -7d)', "Expected name = 'Event_Name' first in shopper_events MATCHES (...), found 'date' at 24; for example name = 'Product_Viewed'", 25],
    ["shopper_events (name = 'Product_Viewed')", "Expected MATCHES or NOT MATCHES after shopper_events, found '(' at 15", 16],
    ["shopper_events MATCHES name = 'Product_Viewed'", "Expected '(' after MATCHES, found 'name' at 23", 24],
    [`${PV}, prodct_id = '1')`, "Unknown parameter 'prodct_id' for Product_Viewed at 49; did you mean 'product_id'?", 50],
    ["shopper_events MATCHES (name = 'Page_UTurned', colour = 'red')", "Unknown parameter 'colour' for Page_UTurned at 47; Page_UTurned can be filtered by from_path, dwell_ms, date, count", 48],
    [`${PV}, price > 'abc')`, "Expected a number like 100 or 10.99, found 'abc' at 57", 58],
    [`${PV}, product_id > '1')`, "Expected an operator (= or !=) after product_id, found '>' at 60", 61],
    [`${PV}, product_id = -1)`, "Expected an id like '7982301', found '-1' at 62", 63],
    [`${PV}, date != -7d)`, "Expected an operator (=, >, >=, <, <= or BETWEEN) after date, found '!=' at 54", 55],
    [`${PV}, date >= 7d)`, "Expected a date like 2025-01-31, today, yesterday or -7d, found '7d' at 57; did you mean -7d?", 58],
    [`${PV}, date >= -7d, date < -1d)`, 'date is given twice at 62', 63],
    [`${PV}, count >= -1)`, "Expected a number of at least 0, found '-1' at 58", 59],
    [`${PV}, count >= 1.5)`, "Expected a whole number like 3, found '1.5' at 58", 59],
    [`${PV}, count > 10001)`, 'A count can be at most 10000 at 57', 58],
    ["shopper_events MATCHES (name = 'Checkout_Started', within = 1h)", 'within only goes with not_followed_by at 60', 61],
    [`${CS})`, 'not_followed_by needs within, how long to wait for it at 89; for example within = 1h', 90],
    [`${CS}, within = 30m)`, "Expected a time like 30min, 1h, 2d or 1w, found '30m' at 100; write minutes as 30min", 101],
    [`${CS}, within = 31d)`, "'31d' is out of range; expected between 1min and 30d at 100", 101],
    [`${CS}, within = 0min)`, "'0min' is out of range; expected between 1min and 30d at 100", 101],
    [`${CS}, within = 1)`, "Expected a time like 30min, 1h, 2d or 1w, found '1' at 100", 101],
    [`${PV} date >= -7d)`, "Expected ',' or ')' in shopper_events MATCHES (...), found 'date' at 48", 49],
    [`${PV}, date >= -7d`, "Expected ',' or ')' in shopper_events MATCHES (...), found the end of the query at 60", 61],
    ["shopper_events MATCHES (name = 'Order_Placed', is_first_order = yes)", "Expected true or false, found 'yes' at 64", 65],
    [`${PV}${', price > 1'.repeat(9)})`, 'A shopper_events condition can hold at most 8 property filters at 137', 138],
    [Array.from({ length: 11 }, () => `${PV})`).join(' OR '), 'A query can hold at most 10 shopper_events conditions at 520', 521],
    ["primary_devise = 'MOBILE'", "Unknown attribute 'primary_devise' at 0; did you mean 'primary_device'?", 1],
    ["primary_device = 'mobile'", "Unknown value 'mobile' for primary_device at 17; did you mean 'MOBILE'?", 18],
    ["funnel_stage > 'CARTING'", "funnel_stage can only be compared with = or !=, found '>' at 13", 14],
    ['sessions > 1.5', "Expected a whole number like 3, found '1.5' at 11", 12],
    [`shopper_event MATCHES (name = 'Product_Viewed')`, "Unknown attribute 'shopper_event' at 0; did you mean 'shopper_events'?", 1],
    ['products_purchased MATCHES (id = 1)', "The Shopify attribute 'products_purchased' is not supported here at 0; use shopper_events MATCHES (name = 'Order_Placed', product_id = '123')", 1],
    ['amount_spent > 1, number_of_orders > 2', "Expected AND, OR or the end of the query, found ',' at 16", 17],
    ['last_order_date > -99999y', 'The offset -99999y is more than 10000 years at 18', 19],
    ['amount_spent > 0.0000001', 'The number 0.0000001 has too many decimals at 15', 16],
  ])('%j', (query, message, column) => {
    const error = catchError(query);
    expect(error.message).toBe(message);
    expect([error.line, error.column]).toEqual([1, column]);
  });

  it('gives the line and column on a multi-line query', () => {
    const error = catchError("sessions > 1 AND\n  shopper_events MATCHES (\n    name = 'Product_Viewed',\n    prodct_id = '1'\n  )");
    expect([error.line, error.column, error.hint]).toEqual([4, 5, "did you mean 'product_id'?"]);
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
