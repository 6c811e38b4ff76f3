import { afterEach, describe, expect, it } from 'vitest';
import { createShopSettingsQueries } from '../../../server/db/shop-settings-queries.js';
import { createSegmentWorld, DAY, HOUR, shopperEvent, type SegmentWorld } from './segment-world.js';

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
let world: SegmentWorld | undefined;
afterEach(() => { world?.close(); world = undefined; });

const countEvents = (w: SegmentWorld, name: string) => w.db.prepare('SELECT count(*) FROM events WHERE name = ?').pluck().get(name) as number;

describe('segment engine: cart abandonment, live', () => {
  it('abandons a cart exactly one window after its last activity, once, on time alone, and a purchase ends it', () => {
    const w = (world = createSegmentWorld(T0));
    const abandoners = w.addSegment('Cart abandoners', 'cart_abandoned_date >= -7d');
    const mobile = w.addSegment('Mobile cart abandoners', "cart_abandoned_date >= -7d AND cart_abandoned_device = 'MOBILE'");
    w.send([shopperEvent('v1', 'Cart_ItemAdded', T0, { productId: '1', variantId: '11', quantity: 2, price: 25 }, { cartToken: 'c1' })]);
    w.engine.drain();
    const profile = w.profileOf('v1');
    expect(w.traits(profile)).toMatchObject({ cart_adds: 1, cart_abandoned_at: null, recheck_at: T0 + HOUR });

    w.clock.set(T0 + HOUR - 1);
    w.engine.drain();
    expect(countEvents(w, 'Cart_Abandoned')).toBe(0);
    expect(w.members(abandoners)).toEqual([]);

    w.clock.set(T0 + HOUR);
    w.engine.drain();
    expect(countEvents(w, 'Cart_Abandoned')).toBe(1);
    expect(w.members(abandoners)).toEqual([profile]);
    expect(w.members(mobile)).toEqual([profile]);
    expect(w.log(abandoners)).toEqual([{ profileId: profile, change: 'enter', reason: 'time', at: T0 + HOUR }]);
    expect(w.traits(profile)).toMatchObject({
      cart_abandoned_at: T0 + HOUR, cart_abandoned_value: 50, cart_abandoned_items: 2, cart_abandoned_device: 'MOBILE',
      cart_recovery_url: 'https://demo-shop.myshopify.com/cart/11:2',
    });

    w.clock.set(T0 + 2 * HOUR);
    w.engine.drain();
    expect(countEvents(w, 'Cart_Abandoned')).toBe(1);

    w.send([shopperEvent('v1', 'Checkout_Completed', T0 + 3 * HOUR, { orderId: '9001', total: 50, currency: 'USD' }, { cartToken: 'c1', checkoutToken: 'k1' })]);
    w.clock.set(T0 + 3 * HOUR);
    w.engine.drain();
    expect(w.members(abandoners)).toEqual([]);
    expect(w.log(abandoners).at(-1)).toEqual({ profileId: profile, change: 'exit', reason: 'live', at: T0 + 3 * HOUR });
    expect(w.traits(profile)).toMatchObject({ number_of_orders: 1, amount_spent: 50, cart_abandoned_at: null });
    expect(w.db.prepare('SELECT member_count FROM segments WHERE id = ?').pluck().get(abandoners)).toBe(0);
  });

  it('uses the configured window', () => {
    const w = (world = createSegmentWorld(T0, { abandonmentWindowMs: 30 * 60_000 }));
    const abandoners = w.addSegment('Cart abandoners', 'cart_abandoned_date >= -7d');
    w.send([shopperEvent('v1', 'Cart_ItemAdded', T0, { productId: '1', variantId: '11', quantity: 1, price: 10 }, { cartToken: 'c1' })]);
    w.clock.set(T0 + 30 * 60_000);
    w.engine.drain();
    expect(w.members(abandoners)).toEqual([w.profileOf('v1')]);
  });
});

describe('segment engine: the shop\'s own abandonment windows', () => {
  it('uses the shop\'s cart window, and recomputes every shopper when the merchant changes it', () => {
    const w = (world = createSegmentWorld(T0));
    const abandoners = w.addSegment('Cart abandoners', 'cart_abandoned_date >= -7d');
    const settings = createShopSettingsQueries(w.db);
    settings.save(w.shopId, { cartAbandonmentMinutes: 120 }, T0);
    w.send([shopperEvent('v1', 'Cart_ItemAdded', T0, { productId: '1', variantId: '11', quantity: 1, price: 10 }, { cartToken: 'c1' })]);
    w.clock.set(T0 + 90 * 60_000);
    w.engine.drain();
    expect(w.members(abandoners)).toEqual([]);
    // Shortened to 60 minutes: the cart idle for 90 minutes is abandoned at once, at T0 + 60 min.
    settings.save(w.shopId, { cartAbandonmentMinutes: 60 }, T0 + 90 * 60_000 + 1);
    w.engine.drain();
    expect(w.members(abandoners)).toEqual([w.profileOf('v1')]);
    expect(w.traits(w.profileOf('v1'))).toMatchObject({ cart_abandoned_at: T0 + HOUR });
  });
});

describe('segment engine: windows and merges', () => {
  it('keeps a 7-day behavioral window exact: in on the day of the third view, out when the first view leaves the window', () => {
    const w = (world = createSegmentWorld(T0));
    const browsers = w.addSegment('High intent', "shopper_events MATCHES (name = 'Product_Viewed', date >= -7d, count >= 3)");
    w.send([0, 1, 2].map((i) => shopperEvent('v1', 'Product_Viewed', T0 + i * HOUR, { productId: String(i) })));
    w.clock.set(T0 + 3 * HOUR);
    w.engine.drain();
    const profile = w.profileOf('v1');
    expect(w.members(browsers)).toEqual([profile]);
    // `-7d` is the UTC day seven days back: the views of day D count until the end of day D + 7.
    const dayStart = Math.floor(T0 / DAY) * DAY;
    w.clock.set(dayStart + 8 * DAY - 1);
    w.engine.drain();
    expect(w.members(browsers)).toEqual([profile]);
    w.clock.set(dayStart + 8 * DAY);
    w.engine.drain();
    expect(w.members(browsers)).toEqual([]);
    expect(w.log(browsers).map((l) => [l.change, l.reason, l.at])).toEqual([['enter', 'live', T0 + 3 * HOUR], ['exit', 'time', dayStart + 8 * DAY]]);
  });

  it('ends the membership of a profile merged away, and keeps the merged shopper in', () => {
    const w = (world = createSegmentWorld(T0));
    const viewers = w.addSegment('Viewers', 'product_views >= 1');
    w.send([shopperEvent('phone', 'Product_Viewed', T0, { productId: '1' }), shopperEvent('laptop', 'Product_Viewed', T0, { productId: '2' }, { device: 'desktop' })]);
    w.engine.drain();
    const [phone, laptop] = [w.profileOf('phone'), w.profileOf('laptop')];
    expect(w.members(viewers)).toEqual([phone, laptop].sort((a, b) => a - b));
    const customer = { kind: 'customer' as const, value: '777' };
    w.send([
      shopperEvent('phone', 'Customer_Identified', T0 + HOUR, {}, { identifiers: [customer] }),
      shopperEvent('laptop', 'Customer_Identified', T0 + HOUR, {}, { identifiers: [customer], device: 'desktop' }),
    ]);
    w.clock.set(T0 + HOUR);
    w.engine.drain();
    const winner = w.profileOf('phone');
    expect(w.profileOf('laptop')).toBe(winner);
    expect(w.members(viewers)).toEqual([winner]);
    const loser = winner === phone ? laptop : phone;
    expect(w.log(viewers).filter((l) => l.change === 'exit')).toEqual([{ profileId: loser, change: 'exit', reason: 'merge', at: T0 + HOUR }]);
    expect(w.traits(winner)).toMatchObject({ product_views: 2, devices_used: 2 });
  });

  it('scores RFM per shop and re-scores others when one shopper buys', () => {
    const w = (world = createSegmentWorld(T0));
    const champions = w.addSegment('Champions', "rfm_group = 'CHAMPIONS'");
    // Five buyers: b4 orders most, biggest and latest.
    const buys = [1, 2, 3, 4, 5].flatMap((n) => Array.from({ length: n }, (_, k) =>
      shopperEvent(`b${n}`, 'Checkout_Completed', T0 - (10 - n) * DAY + k * HOUR, { orderId: `${n}-${k}`, total: 10 * n, currency: 'USD' })));
    w.send(buys);
    w.engine.drain();
    const best = w.profileOf('b5');
    expect(w.members(champions)).toEqual([best]);
    expect(w.traits(best)).toMatchObject({ rfm_group: 'CHAMPIONS', rfm_recency_score: 5, rfm_frequency_score: 5, rfm_monetary_score: 5 });
    expect(w.traits(w.profileOf('b1'))).toMatchObject({ rfm_recency_score: 1, rfm_frequency_score: 1, rfm_monetary_score: 1 });
    // A sixth, bigger buyer today pushes b5 out of the top fifth of spend... and into LOYAL or ACTIVE.
    w.send(Array.from({ length: 8 }, (_, k) => shopperEvent('b6', 'Checkout_Completed', T0 + k * 60_000, { orderId: `6-${k}`, total: 500, currency: 'USD' })));
    w.clock.set(T0 + HOUR);
    w.engine.drain();
    const top = w.profileOf('b6');
    expect(w.members(champions)).toContain(top);
    expect(w.log(champions).find((l) => l.profileId === top)).toMatchObject({ change: 'enter', reason: 'live' });
  });
});
