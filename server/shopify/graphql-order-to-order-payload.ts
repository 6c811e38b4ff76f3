import { z } from 'zod';

const moneySet = z.object({ shopMoney: z.object({ amount: z.string().max(32) }).nullish() }).nullish();
const ref = z.object({ id: z.string().max(128) }).nullish();

/** An order line of the bulk JSONL (children excluded), bounded; unknown fields are dropped. */
export const bulkOrderLine = z.object({
  id: z.string().max(128),
  name: z.string().max(256).nullish(),
  email: z.string().max(320).nullish(),
  createdAt: z.string().max(64),
  updatedAt: z.string().max(64).nullish(),
  cancelledAt: z.string().max(64).nullish(),
  cancelReason: z.string().max(64).nullish(),
  currencyCode: z.string().max(8).nullish(),
  test: z.boolean().nullish(),
  sourceName: z.string().max(256).nullish(),
  displayFinancialStatus: z.string().max(64).nullish(),
  cartToken: z.string().max(256).nullish(),
  checkoutToken: z.string().max(256).nullish(),
  discountCodes: z.array(z.string().max(256)).max(1000).nullish(),
  clientDetails: z.object({ userAgent: z.string().max(2048).nullish() }).nullish(),
  totalPriceSet: moneySet,
  subtotalPriceSet: moneySet,
  customer: z.object({ id: z.string().max(128), email: z.string().max(320).nullish() }).nullish(),
});
export type BulkOrderLine = z.output<typeof bulkOrderLine>;

/** A line item line of the bulk JSONL (its `__parentId` is the order's id). */
export const bulkLineItemLine = z.object({
  id: z.string().max(128),
  title: z.string().max(1024).nullish(),
  quantity: z.number().int().min(0).max(1_000_000).nullish(),
  variant: ref,
  product: ref,
  originalUnitPriceSet: moneySet,
});
export type BulkLineItemLine = z.output<typeof bulkLineItemLine>;

/**
 * Pure: a bulk-exported order as the REST-shaped payload of orders/create, so the import stores it through
 * the webhook path (handle-order.ts) and lands exactly as a webhook would have put it. Ids stay as gid
 * strings, which the payload schema accepts and reads exactly (no 2^53 rounding).
 */
export function graphqlOrderToOrderPayload(order: BulkOrderLine, lineItems: readonly BulkLineItemLine[]): Record<string, unknown> {
  // GraphQL has no order_number; the default name format "#1001" carries it.
  const number = /^#(\d{1,15})$/.exec(order.name ?? '')?.[1];
  return {
    id: order.id,
    admin_graphql_api_id: order.id,
    name: order.name ?? null,
    order_number: number === undefined ? null : Number(number),
    email: order.email ?? null,
    currency: order.currencyCode ?? null,
    total_price: order.totalPriceSet?.shopMoney?.amount ?? null,
    subtotal_price: order.subtotalPriceSet?.shopMoney?.amount ?? null,
    // REST spells the enums in lower case (PARTIALLY_PAID → partially_paid, CUSTOMER → customer).
    financial_status: order.displayFinancialStatus?.toLowerCase() ?? null,
    source_name: order.sourceName ?? null,
    cart_token: order.cartToken || null,
    checkout_token: order.checkoutToken || null,
    client_details: order.clientDetails ? { user_agent: order.clientDetails.userAgent ?? null } : null,
    customer: order.customer ? { id: order.customer.id, admin_graphql_api_id: order.customer.id, email: order.customer.email ?? null } : null,
    line_items: lineItems.map((l) => ({
      product_id: l.product?.id ?? null,
      variant_id: l.variant?.id ?? null,
      title: l.title ?? null,
      quantity: l.quantity ?? 0,
      price: l.originalUnitPriceSet?.shopMoney?.amount ?? null,
    })),
    discount_codes: (order.discountCodes ?? []).map((code) => ({ code })),
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    test: order.test ?? false,
    created_at: order.createdAt,
    updated_at: order.updatedAt ?? null,
    cancelled_at: order.cancelledAt ?? null,
  };
}
