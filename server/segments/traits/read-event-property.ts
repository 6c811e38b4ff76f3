import type { FactEvent } from './profile-facts.js';

/** A finite number property, else null: properties are parsed JSON and are read without trusting them. */
export function numberProperty(event: FactEvent, key: string): number | null {
  const value = event.properties?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function stringProperty(event: FactEvent, key: string): string | null {
  const value = event.properties?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * A Shopify id without its `gid://shopify/Type/` prefix: the webhooks store numeric ids and the pixel
 * may send either spelling, so the same order must compare equal whichever source named it.
 */
export function shopifyIdProperty(event: FactEvent, key: string): string | null {
  const value = event.properties?.[key];
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : null;
  return typeof value === 'string' && value !== '' ? bareShopifyId(value) : null;
}

export function bareShopifyId(id: string): string {
  return id.replace(/^gid:\/\/shopify\/[A-Za-z]+\//, '');
}
