import { createComplianceQueries } from '../db/compliance-queries.js';
import type { WebhookHandler } from '../webhooks/webhook-handler.js';

/**
 * shop/redact (48 hours after app/uninstalled): deletes everything of the shop, in every table with a
 * shop_id (or shop domain) column, and the shop row itself; records that it happened in
 * compliance_requests, which is keyed by domain so the record outlives the shop. The shop is the one
 * of the verified X-Shopify-Shop-Domain header, never a domain read from the payload.
 */
export const handleShopRedact: WebhookHandler = (delivery, ctx) => {
  const compliance = createComplianceQueries(ctx.db);
  if (compliance.findRequest(delivery.shopDomain, delivery.eventId)) return;
  const now = ctx.clock.now();
  const counts = compliance.deleteShopRows(delivery.shopId, delivery.shopDomain);
  compliance.recordRequest({
    shopDomain: delivery.shopDomain,
    kind: 'shop/redact',
    webhookEventId: delivery.eventId,
    shopifyRequestId: null,
    requestedAt: delivery.triggeredAt ?? now,
    completedAt: now,
    counts,
  });
  ctx.logger.info('shop redacted', { shopId: delivery.shopId });
};
