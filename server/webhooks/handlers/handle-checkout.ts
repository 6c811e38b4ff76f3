import { z } from 'zod';
import { createCheckoutQueries } from '../../db/checkout-queries.js';
import type { WebhookHandler } from '../webhook-handler.js';
import { createShopifyRecordWriter } from './record-derived-event.js';
import { amountOf, exactIdOf, gid, money, numericId, parsePayload, stateTimeOf, timeOf, timestamp, token } from './shopify-payload-fields.js';

const MAX_LINES = 50;

/** The fields of checkouts/create|update we read. From API 2026-04 there is no `id`: the token is the key. */
const checkoutPayload = z.object({
  token,
  cart_token: token.nullish(),
  email: z.string().max(320).nullish(),
  currency: z.string().max(8).nullish(),
  total_price: money.nullish(),
  subtotal_price: money.nullish(),
  abandoned_checkout_url: z.string().max(2048).nullish(),
  created_at: timestamp.nullish(),
  updated_at: timestamp.nullish(),
  completed_at: timestamp.nullish(),
  customer: z.object({ id: numericId.nullish(), admin_graphql_api_id: gid.nullish() }).nullish(),
  line_items: z.array(z.object({
    product_id: numericId.nullish(),
    variant_id: numericId.nullish(),
    title: z.string().max(1024).nullish(),
    quantity: z.number().int().min(0).max(1_000_000).nullish(),
    price: money.nullish(),
  })).max(10_000).nullish(),
});

/**
 * checkouts/create, checkouts/update: the checkout by token, with totals and the recovery link that
 * segments and email destinations use for abandoned checkouts. The email, customer id and cart token
 * are stitched to the shopper's profile, so the checkout lands on the profile that browsed.
 */
export const handleCheckout: WebhookHandler = (delivery, ctx) => {
  const p = parsePayload(checkoutPayload, delivery);
  const now = ctx.clock.now();
  const updatedAt = stateTimeOf(p.updated_at, delivery, now);
  const createdAt = timeOf(p.created_at) ?? updatedAt;
  const customerId = p.customer ? exactIdOf(p.customer.admin_graphql_api_id, p.customer.id) : null;
  const writer = createShopifyRecordWriter(ctx.db, delivery.shopId, now);
  const profileId = writer.resolve([
    { kind: 'customer', value: customerId },
    { kind: 'email', value: p.email },
    { kind: 'checkout', value: p.token },
    { kind: 'cart', value: p.cart_token },
  ], createdAt);
  const lines = (p.line_items ?? []).map((l) => ({
    productId: exactIdOf(null, l.product_id),
    variantId: exactIdOf(null, l.variant_id),
    title: l.title ? l.title.slice(0, 256) : null,
    quantity: l.quantity ?? 0,
    price: amountOf(l.price),
  }));
  createCheckoutQueries(ctx.db).upsert(delivery.shopId, {
    token: p.token,
    profileId,
    customerId,
    cartToken: p.cart_token ?? null,
    currency: p.currency ?? null,
    total: amountOf(p.total_price),
    subtotal: amountOf(p.subtotal_price),
    lineCount: lines.length,
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    lineItems: lines.slice(0, MAX_LINES),
    abandonedCheckoutUrl: p.abandoned_checkout_url ?? null,
    createdAt,
    updatedAt,
    completedAt: timeOf(p.completed_at),
  }, now);
};
