import { describe, expect, it } from 'vitest';
import { formatSegmentQuery } from '../../../server/segments/query/format-segment-query.js';
import { parseSegmentQuery } from '../../../server/segments/query/parse-segment-query.js';
import type { SegmentExpression } from '../../../server/segments/query/segment-query-ast.js';

const withoutPositions = (ast: SegmentExpression): unknown => JSON.parse(JSON.stringify(ast, (key, value: unknown) => (key === 'position' ? undefined : value)));

describe('formatSegmentQuery', () => {
  it.each<[string, string]>([
    ["email_subscription_status = 'SUBSCRIBED'", "email_subscription_status = 'SUBSCRIBED'"],
    ['amount_spent  >   10.50', 'amount_spent > 10.5'],
    ['amount_spent between 100 and 1000.99', 'amount_spent BETWEEN 100 AND 1000.99'],
    ['number_of_orders >= 2 and last_order_date < -180d', 'number_of_orders >= 2 AND last_order_date < -180d'],
    ['last_order_date BETWEEN 2020-01-01 AND today', 'last_order_date BETWEEN 2020-01-01 AND today'],
    ['last_order_date > 2020-05-30T16:00:00 OR first_order_date = yesterday', 'last_order_date > 2020-05-30T16:00:00 OR first_order_date = yesterday'],
    ['abandoned_checkout_date >= +2w', 'abandoned_checkout_date >= +2w'],
    ['last_order_date = -0d', 'last_order_date = +0d'],
    ["(rfm_group = 'LOYAL' AND amount_spent > 1) OR amount_spent > 2", "rfm_group = 'LOYAL' AND amount_spent > 1 OR amount_spent > 2"],
    ["rfm_group = 'LOYAL' AND (amount_spent > 1 OR amount_spent > 2)", "rfm_group = 'LOYAL' AND (amount_spent > 1 OR amount_spent > 2)"],
    ['((amount_spent > 1 OR amount_spent > 2) OR amount_spent > 3)', 'amount_spent > 1 OR amount_spent > 2 OR amount_spent > 3'],
    ['amount_spent > 1 AND (amount_spent > 2 AND amount_spent > 3)', 'amount_spent > 1 AND amount_spent > 2 AND amount_spent > 3'],
    ['NOT (amount_spent > 1 AND amount_spent < 9)', 'NOT (amount_spent > 1 AND amount_spent < 9)'],
    ['not not (number_of_orders = 1)', 'NOT NOT number_of_orders = 1'],
    ["customer_tags not contains '\\'VIP\\' \\\\ x'", "customer_tags NOT CONTAINS '\\'VIP\\' \\\\ x'"],
    // Behavioral conditions: parameters in a fixed order (name, filters, not_followed_by, within, date, count).
    ["shopper_events matches (name='Product_Viewed',count>=3,date>=-7d)", "shopper_events MATCHES (name = 'Product_Viewed', date >= -7d, count >= 3)"],
    ["shopper_events MATCHES (name = 'Product_Viewed', date >= -30d, product_id = 7982301)", "shopper_events MATCHES (name = 'Product_Viewed', product_id = '7982301', date >= -30d)"],
    ["shopper_events not matches (name = 'Cart_ItemAdded', date >= -7d)", "shopper_events NOT MATCHES (name = 'Cart_ItemAdded', date >= -7d)"],
    ["shopper_events MATCHES (name = 'Checkout_Started', within = 90min, date BETWEEN -7d AND today, not_followed_by = 'Checkout_Completed')",
      "shopper_events MATCHES (name = 'Checkout_Started', not_followed_by = 'Checkout_Completed', within = 90min, date BETWEEN -7d AND today)"],
    ["shopper_events MATCHES (name = 'Order_Placed', is_first_order = TRUE, currency != 'it\\'s', total BETWEEN 1 AND 2.5, count = 0)",
      "shopper_events MATCHES (name = 'Order_Placed', is_first_order = true, currency != 'it\\'s', total BETWEEN 1 AND 2.5, count = 0)"],
    ["NOT (shopper_events MATCHES (name = 'Page_Viewed') OR sessions > 2) AND primary_device = 'MOBILE'",
      "NOT (shopper_events MATCHES (name = 'Page_Viewed') OR sessions > 2) AND primary_device = 'MOBILE'"],
  ])('%s → %s', (query, canonical) => {
    const ast = parseSegmentQuery(query);
    expect(formatSegmentQuery(ast)).toBe(canonical);
    // Canonical text reads back to the same tree and formats to itself.
    const again = parseSegmentQuery(canonical);
    expect(formatSegmentQuery(again)).toBe(canonical);
    expect(withoutPositions(again)).toEqual(withoutPositions(ast));
  });
});
