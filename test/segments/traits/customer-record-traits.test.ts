import { describe, expect, it } from 'vitest';
import { DAY, NOW, compute, context, event, facts } from './trait-facts.js';

describe('customer record and activity traits', () => {
  it("upper-cases Shopify's consent state and splits, trims, dedupes and folds tags", () => {
    const customer = { emailConsentState: 'not_subscribed', tags: ' VIP, wholesale,, vip ,VIP, Ärger ', ordersCount: null, totalSpent: null };
    expect(compute(facts({ customer, customerId: '42' }), context(NOW)).traits).toMatchObject({
      customerId: '42', emailSubscriptionStatus: 'NOT_SUBSCRIBED',
      customerTags: ['VIP', 'wholesale', 'vip', 'Ärger'], customerTagsFolded: ['vip', 'wholesale', 'ärger'],
    });
    expect(compute(facts(), context(NOW)).traits).toMatchObject({
      customerId: null, emailSubscriptionStatus: null, customerTags: [], customerTagsFolded: [],
    });
  });

  it('spans first and last seen over the profile row and the events, and counts views and adds all time', () => {
    const events = [
      event('Product_Viewed', NOW - 100 * DAY), event('Product_Viewed', NOW - 2 * DAY),
      event('Cart_ItemAdded', NOW - 90 * DAY), event('Cart_ItemRemoved', NOW - 3 * DAY), event('Page_Viewed', NOW - DAY),
      event('Cart_Abandoned', NOW), // ours: not the shopper's activity
    ];
    const f = facts({ events, firstSeenAt: NOW - 50 * DAY, lastSeenAt: NOW - 50 * DAY });
    expect(compute(f, context(NOW)).traits).toMatchObject({
      firstSeenAt: NOW - 100 * DAY, lastSeenAt: NOW - DAY, productViews: 2, cartAdds: 1, lastCartActivityAt: NOW - 3 * DAY,
    });
  });
});
