/**
 * The per-shop settings the app sets with `webPixelCreate` (shopify.extension.toml `[settings]`;
 * Shopify stores every value as a string). Anything unusable means the pixel stays idle: it has
 * nowhere to send to, and guessing would leak events to the wrong place.
 */
export interface PixelSettings {
  collectorUrl: string;
  ingestKey: string;
  shop: string;
  debug: boolean;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,99}\.myshopify\.com$/;

export function readPixelSettings(settings: Record<string, unknown> | null | undefined, myshopifyDomain: string | null | undefined): PixelSettings | null {
  const collectorUrl = typeof settings?.collectorUrl === 'string' ? settings.collectorUrl.trim() : '';
  const ingestKey = typeof settings?.ingestKey === 'string' ? settings.ingestKey.trim() : '';
  const shop = typeof myshopifyDomain === 'string' ? myshopifyDomain.trim().toLowerCase() : '';
  if (!/^https?:\/\/[^\s/]+\/\S*$/i.test(collectorUrl) || ingestKey === '' || ingestKey.length > 128 || !SHOP_DOMAIN.test(shop)) return null;
  return { collectorUrl, ingestKey, shop, debug: settings?.debug === 'true' || settings?.debug === true };
}
