import type { Db } from './open-database.js';

/** A checkout as stored (migration 003), keyed on its token. The email is an identifier of the profile, not a column. */
export interface CheckoutRecord {
  token: string;
  profileId: number | null;
  customerId: string | null;
  cartToken: string | null;
  currency: string | null;
  total: number | null;
  subtotal: number | null;
  lineCount: number;
  itemCount: number;
  lineItems: unknown[];
  abandonedCheckoutUrl: string | null;
  createdAt: number;
  updatedAt: number;
  completedAt: number | null;
}

export interface CheckoutQueries {
  /** Inserts, or overwrites when this payload is not older (updated_at >=). False when the stored one is newer. */
  upsert(shopId: number, checkout: CheckoutRecord, receivedAt: number): boolean;
  get(shopId: number, token: string): CheckoutRecord | undefined;
}

const COLUMNS = `token, profile_id AS profileId, customer_id AS customerId, cart_token AS cartToken, currency, total, subtotal,
  line_count AS lineCount, item_count AS itemCount, line_items AS lineItems, abandoned_checkout_url AS abandonedCheckoutUrl,
  created_at AS createdAt, updated_at AS updatedAt, completed_at AS completedAt`;

export function createCheckoutQueries(db: Db): CheckoutQueries {
  const upsert = db.prepare(`INSERT INTO checkouts (shop_id, token, profile_id, customer_id, cart_token, currency, total, subtotal,
      line_count, item_count, line_items, abandoned_checkout_url, created_at, updated_at, completed_at, received_at)
    VALUES (@shopId, @token, @profileId, @customerId, @cartToken, @currency, @total, @subtotal, @lineCount, @itemCount, @lineItems,
      @abandonedCheckoutUrl, @createdAt, @updatedAt, @completedAt, @receivedAt)
    ON CONFLICT (shop_id, token) DO UPDATE SET profile_id = excluded.profile_id, customer_id = excluded.customer_id,
      cart_token = excluded.cart_token, currency = excluded.currency, total = excluded.total, subtotal = excluded.subtotal,
      line_count = excluded.line_count, item_count = excluded.item_count, line_items = excluded.line_items,
      abandoned_checkout_url = excluded.abandoned_checkout_url, created_at = excluded.created_at,
      updated_at = excluded.updated_at, completed_at = excluded.completed_at, received_at = excluded.received_at
    WHERE excluded.updated_at >= checkouts.updated_at`);
  const get = db.prepare(`SELECT ${COLUMNS} FROM checkouts WHERE shop_id = ? AND token = ?`);
  return {
    upsert(shopId, checkout, receivedAt) {
      return upsert.run({ ...checkout, shopId, receivedAt, lineItems: JSON.stringify(checkout.lineItems) }).changes > 0;
    },
    get(shopId, token) {
      const row = get.get(shopId, token) as (Omit<CheckoutRecord, 'lineItems'> & { lineItems: string }) | undefined;
      return row === undefined ? undefined : { ...row, lineItems: JSON.parse(row.lineItems) as unknown[] };
    },
  };
}
