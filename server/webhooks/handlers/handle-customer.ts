import { z } from 'zod';
import { createCustomerQueries } from '../../db/customer-queries.js';
import type { WebhookHandler } from '../webhook-handler.js';
import { createShopifyRecordWriter } from './record-derived-event.js';
import { emailMarketingConsent, readEmailConsent } from './read-email-consent.js';
import { amountOf, exactIdOf, gid, money, numericId, parsePayload, stateTimeOf, timeOf, timestamp } from './shopify-payload-fields.js';

/**
 * The fields we read. Payloads from API 2025-01 are slim (no tags, consent, orders_count, total_spent:
 * consent then comes from customers_email_marketing_consent/update), so all of those are optional.
 */
const customerPayload = z.object({
  id: numericId,
  admin_graphql_api_id: gid.nullish(),
  email: z.string().max(320).nullish(),
  tags: z.string().max(4096).nullish(),
  orders_count: z.number().int().min(0).nullish(),
  total_spent: money.nullish(),
  created_at: timestamp.nullish(),
  updated_at: timestamp.nullish(),
  email_marketing_consent: emailMarketingConsent.nullish(),
});

/**
 * customers/create, customers/update: links the customer id and email in one profile, keeps the
 * customer's tags and totals unless the stored row is newer (updated_at), and the email marketing
 * consent unless the stored consent changed later (its own consent_updated_at).
 */
export const handleCustomer: WebhookHandler = (delivery, ctx) => {
  const p = parsePayload(customerPayload, delivery);
  const customerId = exactIdOf(p.admin_graphql_api_id, p.id);
  if (customerId === null) throw new Error(`${delivery.topic} payload without a usable customer id`);
  const now = ctx.clock.now();
  const updatedAt = stateTimeOf(p.updated_at, delivery, now);
  const profileId = createShopifyRecordWriter(ctx.db, delivery.shopId, now)
    .resolve([{ kind: 'customer', value: customerId }, { kind: 'email', value: p.email }], timeOf(p.created_at) ?? updatedAt);
  const customers = createCustomerQueries(ctx.db);
  customers.upsert(delivery.shopId, {
    customerId,
    profileId,
    tags: p.tags ?? null,
    ordersCount: p.orders_count ?? null,
    totalSpent: amountOf(p.total_spent),
    updatedAt,
  }, now);
  if (p.email_marketing_consent) {
    customers.applyEmailConsent(delivery.shopId, customerId, profileId, readEmailConsent(p.email_marketing_consent, updatedAt), now);
  }
};
