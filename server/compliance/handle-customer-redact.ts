import { createComplianceQueries } from '../db/compliance-queries.js';
import type { WebhookHandler } from '../webhooks/webhook-handler.js';
import { parsePayload } from '../webhooks/handlers/shopify-payload-fields.js';
import { customerRequestPayload, readCustomerSubject } from './read-customer-subject.js';
import { jobPayloadMentionsCustomer } from './job-payload-mentions-customer.js';

/**
 * customers/redact: deletes every row about the customer in every table that holds one
 * (compliance-queries CUSTOMER_TABLES), including the anonymous history merged into their profile and
 * earlier data request exports, and records that it happened with counts only. Webhook jobs still
 * waiting with a payload about the customer are deleted too: their payload is the customer's data, and
 * running them later would write the customer back. Idempotent: a second run finds nothing left to delete.
 */
export const handleCustomerRedact: WebhookHandler = (delivery, ctx) => {
  const compliance = createComplianceQueries(ctx.db);
  if (compliance.findRequest(delivery.shopDomain, delivery.eventId)) return;
  const subject = readCustomerSubject(parsePayload(customerRequestPayload, delivery), delivery.shopId);
  const now = ctx.clock.now();
  const counts = compliance.deleteCustomerRows(subject, compliance.subjectProfileIds(subject));
  const jobIds = compliance.pendingJobPayloads(delivery.shopId).filter((j) => jobPayloadMentionsCustomer(j.payload, subject)).map((j) => j.id);
  counts.jobs = compliance.deletePendingJobs(delivery.shopId, jobIds);
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
