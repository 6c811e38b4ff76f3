import { describe, expect, it } from 'vitest';
import { DAY, NOW, compute, context, event, facts, order } from './trait-facts.js';

const t1 = NOW - 40 * DAY;
const t2 = NOW - 20 * DAY;
const t3 = NOW - 10 * DAY;

describe('order traits', () => {
  it('counts each order once across the orders row, Order_Placed and Checkout_Completed', () => {
    const result = compute(facts({
      orders: [order('1001', t1, { total: 30, checkoutToken: 'co-1' })],
      events: [
        event('Order_Placed', t1, { properties: { orderId: '1001', total: 30, currency: 'EUR' } }),
        event('Checkout_Completed', t1, { checkoutToken: 'co-1', properties: { orderId: 'gid://shopify/OrderIdentity/1001', total: 30 } }),
        // Only the pixel saw these two; the second names no order and is its checkout's order.
        event('Order_Placed', t2, { properties: { orderId: '1002', total: 20, currency: 'EUR' } }),
        event('Checkout_Completed', t3, { checkoutToken: 'co-3', properties: { total: 10 } }),
        event('Checkout_Completed', t3 + 1000, { checkoutToken: 'co-3', properties: { total: 10 } }), // a reload of the thank-you page
        // No order id, but its checkout is the one of order 1001.
        event('Checkout_Completed', t1 + 5000, { checkoutToken: 'co-1', properties: {} }),
      ],
    }), context(NOW));
    expect(result.traits).toMatchObject({
      numberOfOrders: 3, amountSpent: 60, averageOrderValue: 20, firstOrderAt: t1, lastOrderAt: t3, meanDaysBetweenOrders: 15,
      funnelStage: 'REPEAT_CUSTOMER',
    });
  });

  it('leaves out cancelled and test orders, and orders cancelled by an Order_Cancelled event', () => {
    const result = compute(facts({
      orders: [
        order('1001', t1, { total: 30 }),
        order('1002', t2, { total: 500, cancelledAt: t2 + DAY }),
        order('1003', t2, { total: 700, test: true }),
      ],
      events: [
        event('Order_Placed', t3, { properties: { orderId: '1004', total: 90 } }),
        event('Order_Cancelled', t3 + 1, { properties: { orderId: '1004' } }),
      ],
    }), context(NOW));
    expect(result.traits).toMatchObject({
      numberOfOrders: 1, amountSpent: 30, averageOrderValue: 30, firstOrderAt: t1, lastOrderAt: t1, meanDaysBetweenOrders: null,
      funnelStage: 'FIRST_TIME_CUSTOMER',
    });
  });

  it("takes Shopify's lifetime totals when they exceed the orders we can read", () => {
    const customer = { emailConsentState: null, tags: null, ordersCount: 12, totalSpent: 1234.5 };
    const result = compute(facts({ orders: [order('1001', t1, { total: 30 })], customer }), context(NOW));
    expect(result.traits).toMatchObject({ numberOfOrders: 12, amountSpent: 1234.5, averageOrderValue: 102.88, firstOrderAt: t1, lastOrderAt: t1 });
    // Ours win when Shopify's record lags behind a fresh order.
    const lagging = { ...customer, ordersCount: 0, totalSpent: 0 };
    expect(compute(facts({ orders: [order('1001', t1, { total: 30 })], customer: lagging }), context(NOW)).traits)
      .toMatchObject({ numberOfOrders: 1, amountSpent: 30 });
  });

  it('has no order values for a shopper without orders', () => {
    expect(compute(facts(), context(NOW)).traits).toMatchObject({
      numberOfOrders: 0, amountSpent: 0, averageOrderValue: null, firstOrderAt: null, lastOrderAt: null, meanDaysBetweenOrders: null,
    });
  });

  it('sums amounts without binary noise and rounds the average to cents', () => {
    const orders = [order('1', t1, { total: 0.1 }), order('2', t2, { total: 0.2 }), order('3', t3, { total: 0.2 })];
    expect(compute(facts({ orders }), context(NOW)).traits).toMatchObject({ amountSpent: 0.5, averageOrderValue: 0.17 });
  });
});
