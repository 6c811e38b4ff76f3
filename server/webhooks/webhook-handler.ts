import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import type { Logger } from '../logger.js';

/** One webhook delivery, after its HMAC was verified and it was taken from the durable job table. */
export interface WebhookDelivery {
  /** e.g. `orders/create`, as in the X-Shopify-Topic header. */
  topic: string;
  shopId: number;
  shopDomain: string;
  /** The parsed JSON body. Handlers validate the fields they use with zod (bounded). */
  payload: unknown;
  /** When Shopify says the change happened (X-Shopify-Triggered-At), ms since the epoch; null when absent. */
  triggeredAt: number | null;
  /** X-Shopify-Event-Id (fallback X-Shopify-Webhook-Id): stable across Shopify's retries. */
  eventId: string;
}

export interface WebhookContext {
  db: Db;
  clock: Clock;
  logger: Logger;
}

/**
 * Does a delivery's work inside the job runner's transaction (so a crash before commit leaves the job
 * to run again). Must be idempotent and must never let an older payload overwrite newer state.
 * Throwing marks the job failed for a retry with backoff.
 */
export type WebhookHandler = (delivery: WebhookDelivery, ctx: WebhookContext) => void;
