import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrderQueries } from '../../../server/db/order-queries.js';
import { EVENT_CATALOG } from '../../../server/ingest/event-catalog.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { handleOrder } from '../../../server/webhooks/handlers/handle-order.js';
import { parseShopifyJson } from '../../../server/webhooks/parse-shopify-json.js';
import { everyCell, loadSample, openHandlerTestDb, SAMPLES_DIR, type HandlerTestDb } from './handler-test-kit.js';

const ORDER_ID = '820982911946154508';
const CUSTOMER_ID = '115310627314723954';
const CART = 'c1-7a3f9e2b8d';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const T0 = Date.parse('2026-11-20T10:00:00Z');

/** The published orders/create sample as a fresh, not yet cancelled web order with a cart and a browser. */
function placedOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...loadSample('orders-create'),
    cancelled_at: null,
    cancel_reason: null,
    cart_token: CART,
    checkout_token: 'ck-55aa',
    client_details: { browser_ip: '203.0.113.77', user_agent: IPHONE, accept_language: 'en', session_hash: null },
    browser_ip: '203.0.113.77',
    created_at: new Date(T0).toISOString(),
    updated_at: new Date(T0).toISOString(),
    ...overrides,
  };
}

describe('orders/create, orders/updated, orders/cancelled', () => {
  let t: HandlerTestDb;
  beforeEach(() => { t = openHandlerTestDb(); });
  afterEach(() => t.close());

  const events = (name: string) => t.db.prepare('SELECT * FROM events WHERE shop_id = ? AND name = ?').all(t.shop.id, name) as Record<string, unknown>[];

  it('stores the order and an Order_Placed joined to the profile that browsed anonymously with the same cart', () => {
    const browsed = t.browse([{ kind: 'visitor', value: 'v-anon' }, { kind: 'cart', value: CART }], T0 - 3_600_000);
    t.deliver(handleOrder, 'orders/create', placedOrder());

    const order = createOrderQueries(t.db).get(t.shop.id, ORDER_ID)!;
    expect(order).toMatchObject({
      orderId: ORDER_ID, customerId: CUSTOMER_ID, name: '#9999', orderNumber: 1234, currency: 'USD', total: 404.95,
      subtotal: 404.95, itemCount: 5, sourceName: 'web', device: 'mobile', os: 'iOS', browser: 'Safari', cartToken: CART,
      checkoutToken: 'ck-55aa', financialStatus: 'voided', test: true, createdAt: T0, updatedAt: T0, cancelledAt: null,
    });
    expect(order.lineItems).toHaveLength(5);
    expect(order.lineItems[0]).toEqual({ productId: null, variantId: null, title: 'Aviator sunglasses', quantity: 1, price: 89.99 });

    const anonymous = t.db.prepare('SELECT profile_id FROM events WHERE event_id = ?').pluck().get(browsed);
    const [placed] = events('Order_Placed');
    expect(placed).toMatchObject({ profile_id: anonymous, occurred_at: T0, source: 'webhook', device: 'mobile', cart_token: CART });
    expect(order.profileId).toBe(anonymous);
    const properties = JSON.parse(placed!.properties as string) as Record<string, unknown>;
    expect(EVENT_CATALOG.Order_Placed.properties.parse(properties)).toEqual(properties);
    expect(properties).toMatchObject({ orderId: ORDER_ID, total: 404.95, currency: 'USD', itemCount: 5, isFirstOrder: true });
    // The buyer's profile now holds the customer id, the email and both tokens.
    expect(t.db.prepare('SELECT customer_id FROM profiles WHERE id = ?').pluck().get(anonymous)).toBe(CUSTOMER_ID);
    expect(t.db.prepare('SELECT kind || \':\' || value FROM identifiers WHERE profile_id = ? ORDER BY kind').pluck().all(anonymous))
      .toEqual([`cart:${CART}`, 'checkout:ck-55aa', `customer:${CUSTOMER_ID}`, 'email:jon@example.com', 'visitor:v-anon']);
  });

  it('keeps no IP, no address, no name and no email outside the identifiers', () => {
    t.deliver(handleOrder, 'orders/create', placedOrder());
    for (const { table, column, value } of everyCell(t.db)) {
      if (typeof value !== 'string') continue;
      expect(value, `${table}.${column}`).not.toContain('203.0.113.77');
      expect(value, `${table}.${column}`).not.toMatch(/Shipping Street|Elm St|Steve|Smith|555-555/);
      if (table !== 'identifiers') expect(value, `${table}.${column}`).not.toContain('@example.com');
    }
  });

  it('keeps exact ids when they arrive as strings, and never stores an id JSON.parse rounded', () => {
    const sample = placedOrder();
    const lines = (sample.line_items as Record<string, unknown>[]).map((l, i) => (i === 0 ? { ...l, product_id: '788032119674292922', variant_id: '42' } : l));
    t.deliver(handleOrder, 'orders/create', { ...sample, line_items: lines });
    const order = createOrderQueries(t.db).get(t.shop.id, ORDER_ID)!;
    expect(order.lineItems[0]).toMatchObject({ productId: '788032119674292922', variantId: '42' });
    const properties = JSON.parse(events('Order_Placed')[0]!.properties as string) as { lineItems: unknown[] };
    expect(properties.lineItems).toEqual([{ productId: '788032119674292922', variantId: '42', title: 'Aviator sunglasses', quantity: 1, price: 89.99 }]);
  });

  it('parsed with parseShopifyJson, the sample keeps its big product ids all the way to Order_Placed', () => {
    const exact = parseShopifyJson(readFileSync(join(SAMPLES_DIR, 'orders-create.json'), 'utf8')) as Record<string, unknown>;
    t.deliver(handleOrder, 'orders/create', { ...exact, cancelled_at: null });
    const properties = JSON.parse(events('Order_Placed')[0]!.properties as string) as { lineItems: { productId: string }[] };
    expect(properties.lineItems.map((l) => l.productId)).toEqual(['788032119674292922', '788032119674292922', '788032119674292922']);
    expect(createOrderQueries(t.db).get(t.shop.id, ORDER_ID)!.customerId).toBe(CUSTOMER_ID);
  });

  it('writes one Order_Placed however often and under whichever topic the order arrives', () => {
    const later = new Date(T0 + 60_000).toISOString();
    t.deliver(handleOrder, 'orders/updated', placedOrder({ updated_at: later }));
    t.deliver(handleOrder, 'orders/create', placedOrder());
    t.deliver(handleOrder, 'orders/create', placedOrder());
    t.deliver(handleOrder, 'orders/updated', placedOrder({ updated_at: later }));
    expect(events('Order_Placed')).toHaveLength(1);
    expect(t.count('SELECT COUNT(*) FROM orders WHERE shop_id = ?', t.shop.id)).toBe(1);
    expect(createOrderQueries(t.db).get(t.shop.id, ORDER_ID)!.updatedAt).toBe(T0 + 60_000);
  });

  it('never lets an older orders/updated overwrite a newer one', () => {
    const newer = placedOrder({ updated_at: new Date(T0 + 120_000).toISOString(), financial_status: 'paid', total_price: '300.00' });
    t.deliver(handleOrder, 'orders/updated', newer);
    const before = createOrderQueries(t.db).get(t.shop.id, ORDER_ID);
    t.deliver(handleOrder, 'orders/updated', placedOrder({ updated_at: new Date(T0 + 60_000).toISOString(), financial_status: 'pending', total_price: '1.00' }));
    expect(createOrderQueries(t.db).get(t.shop.id, ORDER_ID)).toEqual(before);
    expect(before).toMatchObject({ financialStatus: 'paid', total: 300, updatedAt: T0 + 120_000 });
    // A newer one does apply.
    t.deliver(handleOrder, 'orders/updated', placedOrder({ updated_at: new Date(T0 + 180_000).toISOString(), financial_status: 'refunded' }));
    expect(createOrderQueries(t.db).get(t.shop.id, ORDER_ID)).toMatchObject({ financialStatus: 'refunded', updatedAt: T0 + 180_000 });
  });

  it('without updated_at, the delivery time (X-Shopify-Triggered-At) orders the payloads', () => {
    t.deliver(handleOrder, 'orders/updated', placedOrder({ updated_at: undefined, financial_status: 'paid' }), { triggeredAt: T0 + 5_000 });
    t.deliver(handleOrder, 'orders/updated', placedOrder({ updated_at: undefined, financial_status: 'pending' }), { triggeredAt: T0 + 1_000 });
    expect(createOrderQueries(t.db).get(t.shop.id, ORDER_ID)).toMatchObject({ financialStatus: 'paid', updatedAt: T0 + 5_000 });
  });

  it('writes Order_Cancelled once when the order is cancelled, on the buyer profile', () => {
    t.deliver(handleOrder, 'orders/create', placedOrder());
    const cancelledAt = new Date(T0 + 86_400_000).toISOString();
    const cancelled = placedOrder({ cancelled_at: cancelledAt, cancel_reason: 'customer', updated_at: cancelledAt });
    t.deliver(handleOrder, 'orders/cancelled', cancelled);
    t.deliver(handleOrder, 'orders/cancelled', cancelled);
    t.deliver(handleOrder, 'orders/updated', cancelled);
    const [event, ...more] = events('Order_Cancelled');
    expect(more).toHaveLength(0);
    expect(event).toMatchObject({ occurred_at: T0 + 86_400_000, source: 'webhook', profile_id: events('Order_Placed')[0]!.profile_id });
    expect(JSON.parse(event!.properties as string)).toEqual({ orderId: ORDER_ID, reason: 'customer' });
    expect(createOrderQueries(t.db).get(t.shop.id, ORDER_ID)).toMatchObject({ cancelledAt: T0 + 86_400_000, cancelReason: 'customer' });
  });

  it('the published sample as is: a cancelled test order gives Order_Placed and Order_Cancelled', () => {
    t.deliver(handleOrder, 'orders/create', loadSample('orders-create'));
    t.deliver(handleOrder, 'orders/updated', loadSample('orders-updated'));
    expect(events('Order_Placed')).toHaveLength(1);
    expect(events('Order_Cancelled')).toHaveLength(1);
    expect(createOrderQueries(t.db).get(t.shop.id, ORDER_ID)).toMatchObject({ device: 'unknown', cartToken: null, customerId: CUSTOMER_ID });
  });

  it('a second order of the same customer is not their first', () => {
    t.deliver(handleOrder, 'orders/create', placedOrder());
    t.deliver(handleOrder, 'orders/create', placedOrder({
      admin_graphql_api_id: 'gid://shopify/Order/820982911946154999', id: 1, cart_token: 'another-cart',
      created_at: new Date(T0 + 86_400_000).toISOString(), updated_at: new Date(T0 + 86_400_000).toISOString(),
    }));
    const firsts = events('Order_Placed').map((e) => (JSON.parse(e.properties as string) as { isFirstOrder: boolean }).isFirstOrder);
    expect(firsts).toEqual([true, false]);
    expect(new Set(events('Order_Placed').map((e) => e.profile_id)).size).toBe(1);
  });

  it('a payload without an id is refused (retried, then failed) and writes nothing', () => {
    const { id: _id, admin_graphql_api_id: _gid, ...rest } = placedOrder();
    expect(() => t.deliver(handleOrder, 'orders/create', rest)).toThrow(/orders\/create payload invalid at id/);
    expect(t.count('SELECT COUNT(*) FROM orders')).toBe(0);
    expect(t.count('SELECT COUNT(*) FROM events')).toBe(0);
  });
});
