/** A shop's permanent domain as Shopify issues it (what OAuth, session tokens and webhooks carry). */
export function isShopDomain(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 255 && /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(value);
}
