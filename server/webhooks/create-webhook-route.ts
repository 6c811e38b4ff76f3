import express, { Router } from 'express';
import type { Clock } from '../clock.js';
import type { ShopQueries } from '../db/shops.js';
import type { WebhookQueries } from '../db/webhook-queries.js';
import { badRequest, unauthorized } from '../errors.js';
import type { Logger } from '../logger.js';
import { parseWebhookHeaders } from './parse-webhook-headers.js';
import { verifyWebhookHmac } from './verify-webhook-hmac.js';

export interface WebhookRouteDeps {
  apiSecret: string;
  clock: Clock;
  logger: Logger;
  shops: ShopQueries;
  webhooks: WebhookQueries;
  /** Called after a new delivery's job is committed (the runner starts on it at once). */
  onAccepted(): void;
}

/** Shopify's largest payloads (orders with hundreds of line items) stay well below this. */
export const WEBHOOK_BODY_LIMIT = '2mb';

/**
 * `POST /webhooks`, one URI for every topic. Must be mounted before any JSON body parser: the HMAC is
 * computed over the raw bytes. It only verifies, deduplicates and queues (one transaction), then
 * answers 200; the work runs from the job table (create-webhook-runner.ts), so Shopify gets its answer
 * in milliseconds and a crash after the 200 loses nothing.
 *
 * Answers: 401 invalid_hmac (missing or wrong signature; nothing read further), 400 missing_headers,
 * 400 malformed_json / invalid_payload, 200 otherwise, including a duplicate delivery (nothing added)
 * and an uninstall or redaction for a shop we do not know (logged and dropped: a non-2xx would only make
 * Shopify retry for hours a delivery we can never use, e.g. after shop/redact deleted the shop).
 */
const SHOP_ENDING_TOPICS = new Set(['app/uninstalled', 'shop/redact', 'customers/redact', 'customers/data_request']);

export function createWebhookRoute(deps: WebhookRouteDeps): Router {
  const { apiSecret, clock, logger, shops, webhooks } = deps;
  const router = Router();
  // type: any content type (and none), so the bytes are always there to verify.
  router.post('/webhooks', express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), (req, res) => {
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const hmac = req.headers['x-shopify-hmac-sha256'];
    if (typeof hmac !== 'string' || hmac === '') throw unauthorized('invalid_hmac', 'The X-Shopify-Hmac-Sha256 header is missing.');
    if (!verifyWebhookHmac(raw, hmac, apiSecret)) throw unauthorized('invalid_hmac', 'The webhook signature does not match the body.');

    const headers = parseWebhookHeaders(req.headers);
    if (!headers.ok) throw badRequest('missing_headers', headers.reason);
    const { topic, shopDomain, eventId, webhookId, apiVersion, triggeredAt } = headers.value;

    let shop = shops.byDomain(shopDomain);
    // A Shopify-managed install can deliver before the first admin load creates the shop: a verified
    // delivery that brings data creates it. Deliveries that end or erase a shop never do.
    if (!shop && !SHOP_ENDING_TOPICS.has(topic)) shop = shops.ensure(shopDomain, clock.now());
    if (!shop) {
      logger.warn('webhook for an unknown shop dropped', { topic, shop: shopDomain, eventId });
      res.status(200).json({ ok: true });
      return;
    }

    const payload = raw.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      throw badRequest('malformed_json', 'The webhook body is not valid JSON.');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw badRequest('invalid_payload', 'The webhook body must be a JSON object.');
    }

    const outcome = webhooks.accept({
      shopId: shop.id, topic, eventId, webhookId, apiVersion, triggeredAt, payload, receivedAt: clock.now(),
    });
    logger.debug('webhook received', { topic, shopId: shop.id, eventId, outcome });
    res.status(200).json({ ok: true });
    if (outcome === 'accepted') deps.onAccepted();
  });
  return router;
}
