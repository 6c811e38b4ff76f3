import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';

export interface WebhookHeaders {
  topic: string;
  shopDomain: string;
  /** X-Shopify-Event-Id, or X-Shopify-Webhook-Id when Shopify sent no event id. */
  eventId: string;
  webhookId: string | null;
  apiVersion: string | null;
  triggeredAt: number | null;
}

const id = z.string().trim().min(1).max(200);
const HeadersSchema = z.object({
  'x-shopify-topic': z.string().regex(/^[a-z0-9_.]+(\/[a-z0-9_.]+)?$/).max(100),
  'x-shopify-shop-domain': z.string().toLowerCase().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/).max(255),
  'x-shopify-event-id': id.optional(),
  'x-shopify-webhook-id': id.optional(),
  'x-shopify-api-version': z.string().max(20).optional(),
  'x-shopify-triggered-at': z.string().max(64).optional(),
});

/** The Shopify headers a delivery needs, or null with the reason when one is missing or malformed. */
export function parseWebhookHeaders(headers: IncomingHttpHeaders): { ok: true; value: WebhookHeaders } | { ok: false; reason: string } {
  const parsed = HeadersSchema.safeParse(headers);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'headers');
    return { ok: false, reason: `Header ${field} is missing or malformed.` };
  }
  const h = parsed.data;
  const eventId = h['x-shopify-event-id'] ?? h['x-shopify-webhook-id'];
  if (!eventId) return { ok: false, reason: 'Header x-shopify-event-id (or x-shopify-webhook-id) is missing.' };
  const triggered = h['x-shopify-triggered-at'] ? Date.parse(h['x-shopify-triggered-at']) : NaN;
  return {
    ok: true,
    value: {
      topic: h['x-shopify-topic'],
      shopDomain: h['x-shopify-shop-domain'],
      eventId,
      webhookId: h['x-shopify-webhook-id'] ?? null,
      apiVersion: h['x-shopify-api-version'] ?? null,
      triggeredAt: Number.isFinite(triggered) ? triggered : null,
    },
  };
}
