import { describe, expect, it } from 'vitest';
import type { FactDevice } from '../../../server/segments/traits/profile-facts.js';
import { DAY, HOUR, NOW, compute, context, event, facts, order } from './trait-facts.js';

/** One session of two page views starting `daysAgo` days ago; the second view's device differs. */
const session = (id: string, device: FactDevice, daysAgo: number) => [
  event('Page_Viewed', NOW - daysAgo * DAY, { sessionId: id, device }),
  event('Page_Viewed', NOW - daysAgo * DAY + HOUR / 2, { sessionId: id, device: 'desktop' }),
];

describe('sessions and devices', () => {
  it("counts distinct sessions, each on its first event's device", () => {
    const events = [...session('a', 'mobile', 5), ...session('b', 'mobile', 4), ...session('c', 'tablet', 3),
      event('Order_Placed', NOW - DAY, { properties: { orderId: '1', total: 5 } })];
    expect(compute(facts({ events }), context(NOW)).traits).toMatchObject({
      sessions: 3, primaryDevice: 'MOBILE', deviceMix: { mobile: 2, tablet: 1, desktop: 0, unknown: 0 }, devicesUsed: 2,
    });
  });

  it('breaks a tie with the device of the most recent session', () => {
    const events = [...session('a', 'mobile', 5), ...session('b', 'tablet', 4), ...session('c', 'tablet', 3), ...session('d', 'mobile', 2)];
    expect(compute(facts({ events }), context(NOW)).traits.primaryDevice).toBe('MOBILE');
    const swapped = [...session('a', 'tablet', 5), ...session('b', 'mobile', 4), ...session('c', 'mobile', 3), ...session('d', 'tablet', 2)];
    expect(compute(facts({ events: swapped }), context(NOW)).traits.primaryDevice).toBe('TABLET');
  });

  it('prefers a known device over more sessions of an unknown one', () => {
    const events = [...session('a', 'unknown', 5), ...session('b', 'unknown', 4), ...session('c', 'desktop', 3)];
    expect(compute(facts({ events }), context(NOW)).traits).toMatchObject({
      primaryDevice: 'DESKTOP', deviceMix: { mobile: 0, tablet: 0, desktop: 1, unknown: 2 }, devicesUsed: 1,
    });
  });

  it('falls back to the devices of counted orders, then to UNKNOWN', () => {
    const orders = [order('1', NOW - 3 * DAY, { device: 'tablet' }), order('2', NOW - 2 * DAY, { device: 'desktop', test: true })];
    expect(compute(facts({ orders }), context(NOW)).traits).toMatchObject({
      sessions: 0, primaryDevice: 'TABLET', deviceMix: { mobile: 0, tablet: 0, desktop: 0, unknown: 0 }, devicesUsed: 1,
    });
    expect(compute(facts(), context(NOW)).traits).toMatchObject({ primaryDevice: 'UNKNOWN', devicesUsed: 0 });
  });

  it('counts the devices of orders among the devices used', () => {
    const events = session('a', 'mobile', 5);
    const orders = [order('1', NOW - 3 * DAY, { device: 'desktop' })];
    expect(compute(facts({ events, orders }), context(NOW)).traits).toMatchObject({ primaryDevice: 'MOBILE', devicesUsed: 2 });
  });
});
