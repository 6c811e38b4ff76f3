import type { FactCheckout, FactDevice, FactEvent, FactOrder } from './profile-facts.js';
import { bareShopifyId, numberProperty, shopifyIdProperty } from './read-event-property.js';

/** One order, whichever sources told us about it. */
export interface KnownOrder {
  /** The order id, or `checkout:<token>` / `event:<id>` for a Checkout_Completed that named no order. */
  key: string;
  at: number;
  total: number | null;
  /** Neither cancelled nor a test: counts in number_of_orders and amount_spent. */
  counted: boolean;
  device: FactDevice;
  cartToken: string | null;
  checkoutToken: string | null;
}

/** Anything that shows the shopper bought: it converts carts and checkouts, and clears abandonment. */
export interface Purchase {
  at: number;
  cartToken: string | null;
  checkoutToken: string | null;
}

export interface CollectedOrders {
  orders: KnownOrder[];
  /** Every order (cancelled and test ones too: the cart did convert) and every completed checkout, by time. */
  purchases: Purchase[];
}

const deviceOf = (value: string): FactDevice =>
  value === 'mobile' || value === 'tablet' || value === 'desktop' ? value : 'unknown';

/**
 * The profile's orders, deduplicated across sources by order id. The orders row is Shopify's own record
 * and wins; Order_Placed (written from the same webhook) and the pixel's Checkout_Completed fill in orders
 * whose row we lack. A Checkout_Completed without an order id is the order of its checkout token, so it
 * adds nothing when an order of that checkout is already known. `events` excludes our derived events.
 */
export function collectOrders(events: readonly FactEvent[], rows: readonly FactOrder[], checkouts: readonly FactCheckout[]): CollectedOrders {
  const byKey = new Map<string, KnownOrder & { cancelled: boolean; test: boolean }>();
  const checkoutTokens = new Set<string>();
  const add = (key: string, order: Omit<KnownOrder, 'key' | 'counted'>, cancelled: boolean, test: boolean) => {
    if (byKey.has(key) || (order.checkoutToken !== null && checkoutTokens.has(order.checkoutToken))) return;
    byKey.set(key, { key, ...order, counted: false, cancelled, test });
    if (order.checkoutToken !== null) checkoutTokens.add(order.checkoutToken);
  };
  for (const row of rows) {
    add(bareShopifyId(row.orderId), {
      at: row.createdAt, total: row.total, device: deviceOf(row.device), cartToken: row.cartToken, checkoutToken: row.checkoutToken,
    }, row.cancelledAt !== null, row.test);
  }
  const fromEvent = (e: FactEvent) => ({
    at: e.occurredAt, total: numberProperty(e, 'total'), device: e.device, cartToken: e.cartToken, checkoutToken: e.checkoutToken,
  });
  // Sources in priority order, so the better one is the one kept.
  for (const e of events) {
    const id = e.name === 'Order_Placed' ? shopifyIdProperty(e, 'orderId') : null;
    if (id !== null) add(id, fromEvent(e), false, false);
  }
  for (const e of events) {
    const id = e.name === 'Checkout_Completed' ? shopifyIdProperty(e, 'orderId') : null;
    if (id !== null) add(id, fromEvent(e), false, false);
  }
  for (const e of events) {
    if (e.name !== 'Checkout_Completed' || shopifyIdProperty(e, 'orderId') !== null) continue;
    add(e.checkoutToken === null ? `event:${e.eventId}` : `checkout:${e.checkoutToken}`, fromEvent(e), false, false);
  }
  for (const e of events) {
    const id = e.name === 'Order_Cancelled' ? shopifyIdProperty(e, 'orderId') : null;
    const order = id === null ? undefined : byKey.get(id);
    if (order) order.cancelled = true;
  }

  const orders: KnownOrder[] = [...byKey.values()]
    .map(({ cancelled, test, ...o }) => ({ ...o, counted: !cancelled && !test }))
    .sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const purchases: Purchase[] = orders.map((o) => ({ at: o.at, cartToken: o.cartToken, checkoutToken: o.checkoutToken }));
  for (const c of checkouts) {
    if (c.completedAt !== null) purchases.push({ at: c.completedAt, cartToken: c.cartToken, checkoutToken: c.token });
  }
  purchases.sort((a, b) => a.at - b.at);
  return { orders, purchases };
}
