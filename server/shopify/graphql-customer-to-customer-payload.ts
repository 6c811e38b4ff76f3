import { z } from 'zod';

/**
 * An order's `customer` in the bulk JSONL (a plain object, not a connection: it stays on the order's line),
 * bounded; unknown fields are dropped. `updatedAt` is required: without it the import could not tell its
 * copy from a newer customers/update, so such a customer is not stored (Shopify always sends it).
 */
export const bulkCustomer = z.object({
  id: z.string().max(128),
  email: z.string().max(320).nullish(),
  tags: z.array(z.string().max(255)).max(1000).nullish(),
  // UnsignedInt64 is serialized as a string.
  numberOfOrders: z.union([z.string().regex(/^\d{1,15}$/), z.number().int().min(0)]).nullish(),
  amountSpent: z.object({ amount: z.string().max(32), currencyCode: z.string().max(8).nullish() }).nullish(),
  emailMarketingConsent: z.object({
    marketingState: z.string().min(1).max(32),
    marketingOptInLevel: z.string().max(32).nullish(),
    consentUpdatedAt: z.string().max(64).nullish(),
  }).nullish(),
  createdAt: z.string().max(64).nullish(),
  updatedAt: z.string().max(64),
});
export type BulkCustomer = z.output<typeof bulkCustomer>;

/**
 * Pure: a bulk-exported customer as the REST-shaped payload of customers/update (API 2024-10, which still
 * carries tags, totals and consent), so the import stores it through handle-customer.ts exactly as the
 * webhook would. The id stays a gid string (exact above 2^53).
 */
export function graphqlCustomerToCustomerPayload(customer: BulkCustomer): Record<string, unknown> {
  const consent = customer.emailMarketingConsent;
  return {
    id: customer.id,
    admin_graphql_api_id: customer.id,
    email: customer.email ?? null,
    // REST joins the tags into one string, as the customers/update payload does.
    tags: customer.tags ? customer.tags.join(', ') : null,
    orders_count: customer.numberOfOrders === null || customer.numberOfOrders === undefined ? null : Number(customer.numberOfOrders),
    total_spent: customer.amountSpent?.amount ?? null,
    created_at: customer.createdAt ?? null,
    updated_at: customer.updatedAt,
    // REST spells the enums in lower case (NOT_SUBSCRIBED → not_subscribed, SINGLE_OPT_IN → single_opt_in).
    email_marketing_consent: consent ? {
      state: consent.marketingState.toLowerCase(),
      opt_in_level: consent.marketingOptInLevel?.toLowerCase() ?? null,
      consent_updated_at: consent.consentUpdatedAt ?? null,
    } : null,
  };
}
