import type { WebhookHandler } from '../webhook-handler.js';

/**
 * Every webhook topic the app subscribes to (shopify.app.toml) and the handler that does its work.
 * A delivery for a topic missing here is recorded and acknowledged, and does nothing.
 */
export const WEBHOOK_HANDLERS: Readonly<Record<string, WebhookHandler>> = {};
