import { z } from 'zod';
import type { RawIdentifier } from '../../identity/normalize-identifiers.js';
import { parseUserAgent } from '../../ingest/parse-user-agent.js';
import type { OrderRecord } from '../../db/order-queries.js';
import { amountOf, exactIdOf, gid, money, numericId, shortText, timeOf, timestamp, token } from './shopify-payload-fields.js';

const MAX_LINES = 50;

const lineItem = z.object({
  product_id: numericId.nullish(),
  variant_id: numericId.nullish(),
  title: z.string().max(1024).nullish(),
  quantity: z.number().int().min(0).max(1_000_000).nullish(),
  price: money.nullish(),
});

/** The fields of orders/create|updated|cancelled we read (migration 003). Everything else is dropped here. */
export const orderPayload = z.object({
  id: numericId,
  admin_graphql_api_id: gid.nullish(),
  name: shortText.nullish(),
  order_number: z.number().int().nullish(),
  email: z.string().max(320).nullish(),
  contact_email: z.string().max(320).nullish(),
  currency: z.string().max(8).nullish(),
  total_price: money.nullish(),
  subtotal_price: money.nullish(),
  financial_status: shortText.nullish(),
  source_name: shortText.nullish(),
  cart_token: token.nullish(),
  checkout_token: token.nullish(),
  client_details: z.object({ user_agent: z.string().max(2048).nullish() }).nullish(),
  customer: z.object({ id: numericId.nullish(), admin_graphql_api_id: gid.nullish(), email: z.string().max(320).nullish() }).nullish(),
  line_items: z.array(lineItem).max(10_000).nullish(),
  discount_codes: z.array(z.object({ code: z.string().max(256).nullish() })).max(1000).nullish(),
  cancel_reason: shortText.nullish(),
  test: z.boolean().nullish(),
  created_at: timestamp,
  updated_at: timestamp.nullish(),
  cancelled_at: timestamp.nullish(),
});
export type OrderPayload = z.output<typeof orderPayload>;

export interface OrderLine {
  productId: string | null;
  variantId: string | null;
  title: string | null;
  quantity: number;
  price: number | null;
}

export interface ReadOrder {
  record: Omit<OrderRecord, 'profileId' | 'updatedAt'>;
  /** Shopify's updated_at, null when absent (the handler then falls back to the delivery's time). */
  updatedAt: number | null;
  /** Every line, for the Order_Placed event; the record keeps the first 50. */
  lines: OrderLine[];
  identifiers: RawIdentifier[];
  discountCodes: string[];
}

/** Pure: what we keep of an order payload. Throws only when the payload has no usable id or creation time. */
export function readOrderPayload(p: OrderPayload): ReadOrder {
  const orderId = exactIdOf(p.admin_graphql_api_id, p.id);
  const createdAt = timeOf(p.created_at);
  if (orderId === null || createdAt === null) throw new Error('order payload without a usable id or created_at');
  const customerId = p.customer ? exactIdOf(p.customer.admin_graphql_api_id, p.customer.id) : null;
  const lines = (p.line_items ?? []).map(lineOf);
  const device = p.client_details?.user_agent ? parseUserAgent(p.client_details.user_agent) : null;
  return {
    record: {
      orderId,
      customerId,
      name: p.name ?? null,
      orderNumber: p.order_number ?? null,
      currency: p.currency ?? null,
      total: amountOf(p.total_price),
      subtotal: amountOf(p.subtotal_price),
      itemCount: lines.reduce((n, l) => n + l.quantity, 0),
      lineItems: lines.slice(0, MAX_LINES),
      sourceName: p.source_name ?? null,
      device: device?.device ?? 'unknown',
      os: device?.os ?? null,
      browser: device?.browser ?? null,
      cartToken: p.cart_token ?? null,
      checkoutToken: p.checkout_token ?? null,
      financialStatus: p.financial_status ?? null,
      cancelReason: p.cancel_reason ?? null,
      test: p.test === true,
      createdAt,
      cancelledAt: timeOf(p.cancelled_at),
    },
    updatedAt: timeOf(p.updated_at),
    lines,
    // The strongest first: with two customers in play the customer id decides (docs/identity.md).
    identifiers: [
      { kind: 'customer', value: customerId },
      { kind: 'email', value: p.email ?? p.contact_email ?? p.customer?.email },
      { kind: 'checkout', value: p.checkout_token },
      { kind: 'cart', value: p.cart_token },
    ],
    discountCodes: (p.discount_codes ?? []).flatMap((d) => (d.code ? [d.code.slice(0, 64)] : [])).slice(0, 20),
  };
}

function lineOf(l: z.output<typeof lineItem>): OrderLine {
  const id = (v: number | string | null | undefined) => (v === null || v === undefined ? null : exactIdOf(null, v));
  return {
    productId: id(l.product_id),
    variantId: id(l.variant_id),
    title: l.title ? l.title.slice(0, 256) : null,
    quantity: l.quantity ?? 0,
    price: amountOf(l.price),
  };
}
