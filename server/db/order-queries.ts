import type { Db } from './open-database.js';
import type { DeviceClass } from '../ingest/stored-event.js';

/** An order as stored (migration 003): totals, bounded line items, no names, addresses, emails or IPs. */
export interface OrderRecord {
  orderId: string;
  profileId: number | null;
  customerId: string | null;
  name: string | null;
  orderNumber: number | null;
  currency: string | null;
  total: number | null;
  subtotal: number | null;
  itemCount: number;
  lineItems: unknown[];
  sourceName: string | null;
  device: DeviceClass;
  os: string | null;
  browser: string | null;
  cartToken: string | null;
  checkoutToken: string | null;
  financialStatus: string | null;
  cancelReason: string | null;
  test: boolean;
  createdAt: number;
  updatedAt: number;
  cancelledAt: number | null;
}

export interface OrderQueries {
  /**
   * Inserts the order, or overwrites the stored one when this payload is not older (updated_at >=).
   * Returns false when the stored order is newer and nothing was written.
   */
  upsert(shopId: number, order: OrderRecord, receivedAt: number): boolean;
  get(shopId: number, orderId: string): OrderRecord | undefined;
  /** Whether the customer has an order created before `before` other than `orderId`. */
  hasEarlierOrder(shopId: number, customerId: string, orderId: string, before: number): boolean;
}

const COLUMNS = `order_id AS orderId, profile_id AS profileId, customer_id AS customerId, name, order_number AS orderNumber,
  currency, total, subtotal, item_count AS itemCount, line_items AS lineItems, source_name AS sourceName, device, os, browser,
  cart_token AS cartToken, checkout_token AS checkoutToken, financial_status AS financialStatus, cancel_reason AS cancelReason,
  test, created_at AS createdAt, updated_at AS updatedAt, cancelled_at AS cancelledAt`;

export function createOrderQueries(db: Db): OrderQueries {
  // The WHERE on the upsert is the "older never overwrites newer" rule, decided by SQLite in one statement.
  const upsert = db.prepare(`INSERT INTO orders (shop_id, order_id, profile_id, customer_id, name, order_number, currency, total,
      subtotal, item_count, line_items, source_name, device, os, browser, cart_token, checkout_token, financial_status,
      cancel_reason, test, created_at, updated_at, cancelled_at, received_at)
    VALUES (@shopId, @orderId, @profileId, @customerId, @name, @orderNumber, @currency, @total, @subtotal, @itemCount, @lineItems,
      @sourceName, @device, @os, @browser, @cartToken, @checkoutToken, @financialStatus, @cancelReason, @test, @createdAt,
      @updatedAt, @cancelledAt, @receivedAt)
    ON CONFLICT (shop_id, order_id) DO UPDATE SET profile_id = excluded.profile_id, customer_id = excluded.customer_id,
      name = excluded.name, order_number = excluded.order_number, currency = excluded.currency, total = excluded.total,
      subtotal = excluded.subtotal, item_count = excluded.item_count, line_items = excluded.line_items,
      source_name = excluded.source_name, device = excluded.device, os = excluded.os, browser = excluded.browser,
      cart_token = excluded.cart_token, checkout_token = excluded.checkout_token, financial_status = excluded.financial_status,
      cancel_reason = excluded.cancel_reason, test = excluded.test, created_at = excluded.created_at,
      updated_at = excluded.updated_at, cancelled_at = excluded.cancelled_at, received_at = excluded.received_at
    WHERE excluded.updated_at >= orders.updated_at`);
  const get = db.prepare(`SELECT ${COLUMNS} FROM orders WHERE shop_id = ? AND order_id = ?`);
  const earlier = db.prepare(`SELECT 1 FROM orders WHERE shop_id = ? AND customer_id = ? AND order_id <> ? AND created_at < ? LIMIT 1`).pluck();
  return {
    upsert(shopId, order, receivedAt) {
      const info = upsert.run({ ...order, shopId, receivedAt, lineItems: JSON.stringify(order.lineItems), test: order.test ? 1 : 0 });
      return info.changes > 0;
    },
    get(shopId, orderId) {
      const row = get.get(shopId, orderId) as (Omit<OrderRecord, 'lineItems' | 'test'> & { lineItems: string; test: number }) | undefined;
      return row === undefined ? undefined : { ...row, lineItems: JSON.parse(row.lineItems) as unknown[], test: row.test === 1 };
    },
    hasEarlierOrder: (shopId, customerId, orderId, before) => earlier.get(shopId, customerId, orderId, before) !== undefined,
  };
}
