import { describe, expect, it } from 'vitest';
import { evaluateSegmentQuery, type SegmentShopper } from '../../../server/segments/query/evaluate-segment-query.js';
import { parseSegmentQuery } from '../../../server/segments/query/parse-segment-query.js';
import { NEW_SEGMENT_SHOPPER } from '../../../server/segments/query/segment-shopper.js';

// Shopify's own example date: "if the date is May 15th 2021 …".
const NOW = Date.parse('2021-05-15T12:00:00Z');

const shoppers: Record<string, SegmentShopper> = {
  champion: {
    ...NEW_SEGMENT_SHOPPER,
    amountSpent: 1500.5, numberOfOrders: 12,
    firstOrderAt: Date.parse('2019-03-02T10:00:00Z'), lastOrderAt: Date.parse('2021-05-14T22:30:00Z'),
    checkoutAbandonedAt: null, emailSubscriptionStatus: 'SUBSCRIBED', rfmGroup: 'CHAMPIONS', customerTags: ['VIP', 'wholesale'],
  },
  abandoner: {
    ...NEW_SEGMENT_SHOPPER,
    amountSpent: 0, numberOfOrders: 0, firstOrderAt: null, lastOrderAt: null,
    checkoutAbandonedAt: Date.parse('2021-05-10T08:00:00Z'), emailSubscriptionStatus: 'SUBSCRIBED', rfmGroup: 'PROSPECTS', customerTags: [],
  },
  lapsed: {
    ...NEW_SEGMENT_SHOPPER,
    amountSpent: 240, numberOfOrders: 3,
    firstOrderAt: Date.parse('2020-01-10T09:00:00Z'), lastOrderAt: Date.parse('2020-05-30T16:00:30Z'),
    checkoutAbandonedAt: Date.parse('2021-04-01T00:00:00Z'), emailSubscriptionStatus: 'UNSUBSCRIBED', rfmGroup: 'AT_RISK', customerTags: ['Sports wear'],
  },
  anonymous: {
    ...NEW_SEGMENT_SHOPPER,
    amountSpent: 0, numberOfOrders: 0, firstOrderAt: null, lastOrderAt: null, checkoutAbandonedAt: null,
    emailSubscriptionStatus: null, rfmGroup: null, customerTags: [],
  },
};

function matching(query: string): string[] {
  const ast = parseSegmentQuery(query);
  return Object.entries(shoppers).filter(([, shopper]) => evaluateSegmentQuery(ast, shopper, NOW)).map(([name]) => name);
}

describe('evaluateSegmentQuery on queries written as in Shopify’s documentation', () => {
  it.each<[string, string[]]>([
    // Clause and enum examples
    ["email_subscription_status = 'SUBSCRIBED'", ['champion', 'abandoner']],
    ["email_subscription_status != 'SUBSCRIBED'", ['lapsed', 'anonymous']],
    ["rfm_group = 'CHAMPIONS'", ['champion']],
    ["rfm_group = 'AT_RISK' OR rfm_group = 'DORMANT'", ['lapsed']],
    // Float and integer examples
    ['amount_spent = 1500.5', ['champion']],
    ['amount_spent != 10.99', ['champion', 'abandoner', 'lapsed', 'anonymous']],
    ['amount_spent > 999.99', ['champion']],
    ['amount_spent >= 240', ['champion', 'lapsed']],
    ['amount_spent < 240', ['abandoner', 'anonymous']],
    ['amount_spent <= 240', ['abandoner', 'lapsed', 'anonymous']],
    ['amount_spent BETWEEN 100 AND 1000.99', ['lapsed']],
    ['number_of_orders = 0', ['abandoner', 'anonymous']],
    ['number_of_orders > 10', ['champion']],
    ['number_of_orders BETWEEN 1 AND 3', ['lapsed']],
    ['number_of_orders BETWEEN 3 AND 1', []],
    // Date examples: whole UTC days
    ['last_order_date = 2020-05-30', ['lapsed']],
    ['last_order_date > 2020-05-30', ['champion']],
    ['last_order_date >= 2020-05-30', ['champion', 'lapsed']],
    ['last_order_date < 2020-05-31', ['lapsed']],
    ['last_order_date <= 2020-05-29', []],
    ['last_order_date != 2020-05-30', ['champion', 'abandoner', 'anonymous']],
    ['last_order_date > 2020-05-30T16:00:00', ['champion', 'lapsed']],
    ['last_order_date > 2020-05-30T16:00:30', ['champion']],
    ['last_order_date = 2020-05-30T16:00:30', ['lapsed']],
    ['first_order_date BETWEEN 2020-01-01 AND 2020-12-31', ['lapsed']],
    ['last_order_date BETWEEN 2021-01-01 AND today', ['champion']],
    ['last_order_date BETWEEN 2020-01-01 AND -7d', ['lapsed']],
    // Relative and named dates against 2021-05-15
    ['last_order_date = yesterday', ['champion']],
    ['last_order_date = today', []],
    ['last_order_date > -7d', ['champion']],
    ['abandoned_checkout_date > -7d', ['abandoner']],
    ['abandoned_checkout_date >= -5d', ['abandoner']],
    ['abandoned_checkout_date > -5d', []],
    ['abandoned_checkout_date >= -2w', ['abandoner']],
    ['abandoned_checkout_date = -1m', []],
    ['abandoned_checkout_date >= -2m', ['abandoner', 'lapsed']],
    ['last_order_date > -1y', ['champion', 'lapsed']],
    ['last_order_date < -11m', ['lapsed']],
    ['last_order_date < +1d', ['champion', 'lapsed']],
    ['first_order_date < -2y', ['champion']],
    // Examples useful for this app (shopify.md §8)
    ["abandoned_checkout_date > -7d AND email_subscription_status = 'SUBSCRIBED'", ['abandoner']],
    ['number_of_orders >= 2 AND last_order_date < -180d', ['lapsed']],
    // Lists: tags compare without regard to case, whitespace counts
    ["customer_tags CONTAINS 'vip'", ['champion']],
    ["customer_tags CONTAINS 'VIP'", ['champion']],
    ["customer_tags CONTAINS 'Sports wear'", ['lapsed']],
    ["customer_tags CONTAINS 'Sportswear'", []],
    ["customer_tags NOT CONTAINS 'vip'", ['abandoner', 'lapsed', 'anonymous']],
    // Grouping: AND before OR, parentheses, NOT
    ["email_subscription_status = 'SUBSCRIBED' AND customer_tags CONTAINS 'vip' OR amount_spent > 200", ['champion', 'lapsed']],
    ["(email_subscription_status = 'SUBSCRIBED' AND customer_tags CONTAINS 'vip') OR amount_spent > 200", ['champion', 'lapsed']],
    ["email_subscription_status = 'SUBSCRIBED' AND (customer_tags CONTAINS 'vip' OR amount_spent > 200)", ['champion']],
    ["amount_spent > 200 OR number_of_orders = 0 AND rfm_group = 'PROSPECTS'", ['champion', 'abandoner', 'lapsed']],
    ["(amount_spent > 200 OR number_of_orders = 0) AND rfm_group = 'PROSPECTS'", ['abandoner']],
    ["NOT rfm_group = 'CHAMPIONS'", ['abandoner', 'lapsed', 'anonymous']],
    ['NOT (amount_spent > 200 OR number_of_orders > 0)', ['abandoner', 'anonymous']],
    ['NOT NOT amount_spent > 1000', ['champion']],
    ["not rfm_group = 'CHAMPIONS' and amount_spent > 0", ['lapsed']],
  ])('%s', (query, expected) => {
    expect(matching(query)).toEqual(expected);
  });
});

describe('missing values', () => {
  it('fail every comparison except != (so != is exactly NOT =)', () => {
    for (const query of ['last_order_date = today', 'last_order_date < today', 'last_order_date > 1970-01-01', 'last_order_date BETWEEN 1970-01-01 AND today']) {
      expect(matching(query), query).not.toContain('anonymous');
    }
    expect(matching('last_order_date != today')).toContain('anonymous');
    expect(matching("rfm_group != 'CHAMPIONS'")).toContain('anonymous');
    expect(matching("NOT rfm_group = 'CHAMPIONS'")).toEqual(matching("rfm_group != 'CHAMPIONS'"));
  });
});
