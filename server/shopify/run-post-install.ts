import type { AppConfig } from '../config.js';
import type { Clock } from '../clock.js';
import type { ShopRow } from '../db/shops.js';
import type { AppEmbedQueries } from '../db/app-embed-queries.js';
import type { AdminGraphqlClient } from './create-admin-graphql-client.js';
import { activateWebPixel } from './activate-web-pixel.js';
import { readAppEmbedStatus, type AppEmbedStatus } from './read-app-embed-status.js';

export interface PostInstallDeps {
  config: Pick<AppConfig, 'appUrl' | 'shopify'>;
  client: AdminGraphqlClient;
  shop: ShopRow;
  appEmbeds: AppEmbedQueries;
  clock: Clock;
}

/**
 * Work after an install (first authenticated load or OAuth callback): connect the web pixel to our
 * collector with the shop's ingest key, then record whether the theme app embed is on (the admin shows
 * the deep link while it is not). The order import joins here.
 */
export async function runPostInstall(deps: PostInstallDeps): Promise<{ webPixelId: string; created: boolean; appEmbed: AppEmbedStatus }> {
  const collectorUrl = new URL('/collect', deps.config.appUrl).href;
  const pixel = await activateWebPixel(deps.client, { collectorUrl, ingestKey: deps.shop.ingestKey });
  const appEmbed = await readAppEmbedStatus(deps.client, { shop: deps.shop.domain, apiKey: deps.config.shopify.apiKey });
  deps.appEmbeds.save(deps.shop.id, appEmbed, deps.clock.now());
  return { webPixelId: pixel.id, created: pixel.created, appEmbed };
}
