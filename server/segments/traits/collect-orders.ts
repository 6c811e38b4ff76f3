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
  let sources: FactEvent[] | null = null;
  for (const e of events) if (ORDER_EVENT_NAMES.has(e.name)) (sources ??= []).push(e);
  if (sources === null && rows.length === 0) return { orders: [], purchases: withCompletedCheckouts([], checkouts) };
  const book = new OrderBook();
  for (const row of rows) {
    book.add(bareShopifyId(row.orderId), {
      at: row.createdAt, total: row.total, device: deviceOf(row.device), cartToken: row.cartToken, checkoutToken: row.checkoutToken,
    }, row.cancelledAt !== null, row.test);
  }
  if (sources !== null) {
    // Sources in priority order, so the better one is the one kept.
    for (const e of sources) {
      const id = e.name === 'Order_Placed' ? shopifyIdProperty(e, 'orderId') : null;
      if (id !== null) book.add(id, orderOf(e), false, false);
    }
    for (const e of sources) {
      const id = e.name === 'Checkout_Completed' ? shopifyIdProperty(e, 'orderId') : null;
      if (id !== null) book.add(id, orderOf(e), false, false);
    }
    for (const e of sources) {
      if (e.name !== 'Checkout_Completed' || shopifyIdProperty(e, 'orderId') !== null) continue;
      book.add(e.checkoutToken === null ? `event:${e.eventId}` : `checkout:${e.checkoutToken}`, orderOf(e), false, false);
    }
    for (const e of sources) {
      const id = e.name === 'Order_Cancelled' ? shopifyIdProperty(e, 'orderId') : null;
      const order = id === null ? undefined : book.byKey.get(id);
      if (order) order.cancelled = true;
    }
  }

  const orders: KnownOrder[] = [...book.byKey.values()]
    .map(({ cancelled, test, ...o }) => ({ ...o, counted: !cancelled && !test }))
    .sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const purchases = orders.map((o): Purchase => ({ at: o.at, cartToken: o.cartToken, checkoutToken: o.checkoutToken }));
  return { orders, purchases: withCompletedCheckouts(purchases, checkouts) };
}

function withCompletedCheckouts(purchases: Purchase[], checkouts: readonly FactCheckout[]): Purchase[] {
  for (const c of checkouts) {
    if (c.completedAt !== null) purchases.push({ at: c.completedAt, cartToken: c.cartToken, checkoutToken: c.token });
  }
  return purchases.sort((a, b) => a.at - b.at);
}

const ORDER_EVENT_NAMES: ReadonlySet<string> = new Set(['Order_Placed', 'Checkout_Completed', 'Order_Cancelled']);

type Draft = Omit<KnownOrder, 'key' | 'counted'>;

/** The orders found so far, by key; one per checkout token. */
class OrderBook {
  readonly byKey = new Map<string, KnownOrder & { cancelled: boolean; test: boolean }>();
  private readonly checkoutTokens = new Set<string>();

  add(key: string, order: Draft, cancelled: boolean, test: boolean): void {
    if (this.byKey.has(key) || (order.checkoutToken !== null && this.checkoutTokens.has(order.checkoutToken))) return;
    this.byKey.set(key, { key, ...order, counted: false, cancelled, test });
    if (order.checkoutToken !== null) this.checkoutTokens.add(order.checkoutToken);
  }
}

function orderOf(e: FactEvent): Draft {
  return { at: e.occurredAt, total: numberProperty(e, 'total'), device: e.device, cartToken: e.cartToken, checkoutToken: e.checkoutToken };
}
