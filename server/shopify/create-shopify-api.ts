import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, shopifyApi, type Shopify } from '@shopify/shopify-api';
import type { AppConfig } from '../config.js';

/** The API version for webhooks and Admin GraphQL; must be one @shopify/shopify-api 13 knows. */
export const SHOPIFY_API_VERSION = ApiVersion.July26;

export function createShopifyApi(config: AppConfig): Shopify {
  const url = new URL(config.appUrl);
  return shopifyApi({
    apiKey: config.shopify.apiKey,
    apiSecretKey: config.shopify.apiSecret,
    hostName: url.host,
    hostScheme: url.protocol === 'http:' ? 'http' : 'https',
    apiVersion: SHOPIFY_API_VERSION,
    isEmbeddedApp: true,
    // The library logs request details at debug levels; keep it to errors so nothing personal leaks.
    logger: { level: LogSeverity.Error, log: () => {} },
  });
}
