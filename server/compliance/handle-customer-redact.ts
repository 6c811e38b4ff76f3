import { createComplianceQueries } from '../db/compliance-queries.js';
import type { WebhookHandler } from '../webhooks/webhook-handler.js';
import { parsePayload } from '../webhooks/handlers/shopify-payload-fields.js';
import { customerRequestPayload, readCustomerSubject } from './read-customer-subject.js';

/**
 * customers/redact: deletes every row about the customer in every table that holds one
 * (compliance-queries CUSTOMER_TABLES), including the anonymous history merged into their profile and
 * earlier data request exports, and records that it happened with counts only. Idempotent: a second
 * run finds nothing left to delete.
 */
export const handleCustomerRedact: WebhookHandler = (delivery, ctx) => {
  const compliance = createComplianceQueries(ctx.db);
  if (compliance.findRequest(delivery.shopDomain, delivery.eventId)) return;
  const subject = readCustomerSubject(parsePayload(customerRequestPayload, delivery), delivery.shopId);
  const now = ctx.clock.now();
  const counts = compliance.deleteCustomerRows(subject, compliance.subjectProfileIds(subject));
  const requestId = compliance.recordRequest({
    shopDomain: delivery.shopDomain,
    kind: 'customers/redact',
    webhookEventId: delivery.eventId,
    shopifyRequestId: null,
    requestedAt: delivery.triggeredAt ?? now,
    completedAt: now,
    counts,
  });
  ctx.logger.info('customer redacted', { shopId: delivery.shopId, requestId });
};
