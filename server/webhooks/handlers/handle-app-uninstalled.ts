import { createSessionQueries } from '../../db/session-queries.js';
import { createShopQueries } from '../../db/shops.js';
import type { WebhookHandler } from '../webhook-handler.js';

/**
 * app/uninstalled: the shop is marked uninstalled (work for it stops) and its access and refresh
 * tokens are deleted, since they no longer work. Its data stays until shop/redact, which Shopify sends
 * 48 hours later; a reinstall before that finds everything where it was.
 */
export const handleAppUninstalled: WebhookHandler = (delivery, ctx) => {
  createShopQueries(ctx.db).markUninstalled(delivery.shopId, delivery.triggeredAt ?? ctx.clock.now());
  const deleted = createSessionQueries(ctx.db).deleteSessionsOfShop(delivery.shopDomain);
  ctx.logger.info('shop uninstalled', { shopId: delivery.shopId, sessionsDeleted: deleted });
};
