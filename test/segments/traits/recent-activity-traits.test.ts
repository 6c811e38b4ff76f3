import { describe, expect, it } from 'vitest';
import { DAY, NOW, compute, context, event, facts, order } from './trait-facts.js';

const ago = (days: number) => NOW - days * DAY;
const stage = (events: ReturnType<typeof event>[], nowMs = NOW) => compute(facts({ events }), context(nowMs)).traits.funnelStage;

describe('funnel stage', () => {
  it('takes the furthest step of the last 30 days', () => {
    expect(stage([])).toBe('BROWSING');
    expect(stage([event('Page_Viewed', ago(1))])).toBe('BROWSING');
    expect(stage([event('Product_Viewed', ago(2)), event('Page_Viewed', ago(1))])).toBe('CONSIDERING');
    expect(stage([event('Cart_ItemAdded', ago(3)), event('Product_Viewed', ago(1))])).toBe('CARTING');
    expect(stage([event('Checkout_Started', ago(5)), event('Cart_ItemAdded', ago(1))])).toBe('CHECKING_OUT');
    expect(stage([event('Payment_Submitted', ago(5))])).toBe('CHECKING_OUT');
    expect(stage([event('Checkout_Abandoned', ago(5))])).toBe('BROWSING'); // ours, not a step the shopper took
  });

  it('lets a step count until exactly 30 days after it', () => {
    const events = [event('Cart_ItemAdded', ago(30) + 1), event('Checkout_Started', ago(40))];
    expect(stage(events)).toBe('CARTING');
    expect(stage(events, NOW + 1)).toBe('BROWSING');
  });

  it('stages buyers by their number of orders, Shopify’s count included', () => {
    const checkingOut = [event('Checkout_Started', ago(1))];
    expect(compute(facts({ events: checkingOut, orders: [order('1', ago(90))] }), context(NOW)).traits.funnelStage).toBe('FIRST_TIME_CUSTOMER');
    const customer = { emailConsentState: null, tags: null, ordersCount: 2, totalSpent: null };
    expect(compute(facts({ events: checkingOut, customer }), context(NOW)).traits.funnelStage).toBe('REPEAT_CUSTOMER');
  });
});

describe('engagement depth', () => {
  it('is the mean number of view events per session started in the last 30 days, to one decimal', () => {
    const events = [
      event('Page_Viewed', ago(1), { sessionId: 'a' }), event('Product_Viewed', ago(1), { sessionId: 'a' }),
      event('Search_Submitted', ago(1), { sessionId: 'a' }), event('Element_DeadClicked', ago(1), { sessionId: 'a' }),
      event('Collection_Viewed', ago(2), { sessionId: 'b' }), event('Cart_Viewed', ago(2), { sessionId: 'b' }),
      event('Customer_Identified', ago(3), { sessionId: 'c' }),
      // Started 31 days ago: the whole session is out, its recent view included.
      event('Page_Viewed', ago(31), { sessionId: 'old' }), event('Page_Viewed', ago(1), { sessionId: 'old' }),
      event('Page_Viewed', ago(1)), // no session: not counted
    ];
    expect(compute(facts({ events }), context(NOW)).traits).toMatchObject({ engagementDepth: 1.7, sessions: 4 });
    expect(compute(facts({ events: [event('Order_Placed', ago(1))] }), context(NOW)).traits.engagementDepth).toBe(0);
  });
});

describe('friction score', () => {
  it('weighs rage clicks 3, u-turns 2 and dead clicks 1 over the last 30 days', () => {
    const events = [
      event('Element_RageClicked', ago(1)), event('Element_RageClicked', ago(2)),
      event('Page_UTurned', ago(3)), event('Element_DeadClicked', ago(4)), event('Element_DeadClicked', ago(29)),
      event('Element_RageClicked', ago(31)), event('Page_Viewed', ago(1)),
    ];
    expect(compute(facts({ events }), context(NOW)).traits.frictionScore).toBe(3 + 3 + 2 + 1 + 1);
  });
});
