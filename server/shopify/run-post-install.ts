import type { AppConfig } from '../config.js';
import type { ShopRow } from '../db/shops.js';
import type { AdminGraphqlClient } from './create-admin-graphql-client.js';
import { activateWebPixel } from './activate-web-pixel.js';

/**
 * Work after an install (first authenticated load or OAuth callback). Today: connect the web pixel to
 * our collector with the shop's ingest key. The theme-embed status and the order import join here.
 */
export async function runPostInstall(deps: { config: Pick<AppConfig, 'appUrl'>; client: AdminGraphqlClient; shop: ShopRow }): Promise<{ webPixelId: string; created: boolean }> {
  const collectorUrl = new URL('/collect', deps.config.appUrl).href;
  const pixel = await activateWebPixel(deps.client, { collectorUrl, ingestKey: deps.shop.ingestKey });
  return { webPixelId: pixel.id, created: pixel.created };
}
