import { createComplianceQueries } from '../db/compliance-queries.js';
import type { WebhookHandler } from '../webhooks/webhook-handler.js';
import { parsePayload } from '../webhooks/handlers/shopify-payload-fields.js';
import { buildCustomerExport } from './build-customer-export.js';
import { customerRequestPayload, readCustomerSubject } from './read-customer-subject.js';

/**
 * customers/data_request: collects everything held about the customer (profiles, identifiers
 * including the email, events, orders, checkouts, customer row with consent, merges) into one JSON
 * export, stored in compliance_exports for the merchant to download and send to the customer (Shopify
 * does not take the data back); the request itself goes to compliance_requests with counts only.
 * A redelivery of the same request changes nothing.
 */
export const handleCustomerDataRequest: WebhookHandler = (delivery, ctx) => {
  const compliance = createComplianceQueries(ctx.db);
  if (compliance.findRequest(delivery.shopDomain, delivery.eventId)) return;
  const payload = parsePayload(customerRequestPayload, delivery);
  const subject = readCustomerSubject(payload, delivery.shopId);
  const now = ctx.clock.now();
  const rows = compliance.customerRows(subject, compliance.subjectProfileIds(subject));
  const shopifyRequestId = payload.data_request ? String(payload.data_request.id) : null;
  const exported = buildCustomerExport({ shopDomain: delivery.shopDomain, customerId: subject.customerId, shopifyRequestId, generatedAt: now, rows });
  const counts = Object.fromEntries(Object.entries(rows).map(([table, list]) => [table, list.length]));
  const requestId = compliance.recordRequest({
    shopDomain: delivery.shopDomain,
    kind: 'customers/data_request',
    webhookEventId: delivery.eventId,
    shopifyRequestId,
    requestedAt: delivery.triggeredAt ?? now,
    completedAt: now,
    counts,
  });
  compliance.saveExport(requestId, delivery.shopId, subject.customerId, JSON.stringify(exported), now);
  ctx.logger.info('customer data request exported', { shopId: delivery.shopId, requestId });
};
