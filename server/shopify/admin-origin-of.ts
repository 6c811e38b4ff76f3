import type { AppConfig } from '../config.js';

/**
 * Where a shop's Admin API and OAuth endpoints live: `https://{shop}` in production; tests set
 * SHOPIFY_ADMIN_ORIGIN to a fake Shopify such as `http://127.0.0.1:5555/{shop}`.
 * `shop` must already be a validated *.myshopify.com domain.
 */
export function adminOriginOf(config: Pick<AppConfig, 'adminOrigin'>, shop: string): string {
  return config.adminOrigin.replaceAll('{shop}', shop);
}
