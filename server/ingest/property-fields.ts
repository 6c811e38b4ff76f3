import { z } from 'zod';

/**
 * Bounded building blocks for event properties. Every string has a length cap, every number is
 * finite and ranged, every array has a length cap: one request can never grow a row without bound.
 */
export const LIMITS = {
  shortText: 256,
  longText: 2048,
  id: 64,
  arrayItems: 50,
  customKeys: 30,
  customKeyLength: 64,
  cartLines: 100,
} as const;

export const text = z.string().max(LIMITS.shortText);
export const longText = z.string().max(LIMITS.longText);
/** Shopify ids arrive as numbers, numeric strings or GIDs; all are kept as strings (they exceed 2^53). */
export const shopifyId = z.union([z.string().min(1).max(LIMITS.id), z.number().int().nonnegative().transform(String)]);
export const count = z.number().int().min(0).max(1_000_000);
export const quantity = z.number().int().min(0).max(10_000);
export const amount = z.number().finite().min(0).max(1e9);
export const currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "USD"');
export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code such as "US"');
export const durationMs = z.number().int().min(0).max(86_400_000);

export const product = {
  productId: shopifyId,
  variantId: shopifyId.optional(),
  title: text.optional(),
  sku: z.string().max(128).optional(),
  vendor: text.optional(),
  productType: text.optional(),
  price: amount.optional(),
  currency: currency.optional(),
};

export const lineItem = z.object({
  productId: shopifyId,
  variantId: shopifyId.optional(),
  title: text.optional(),
  quantity,
  price: amount.optional(),
});

/** A cart line as Shopify's Ajax Cart API and Liquid give it (price in cents), as the storefront tracker reports it. */
export const shopifyCartLine = z.object({
  key: z.string().max(LIMITS.shortText).optional(),
  variant_id: shopifyId,
  product_id: shopifyId.optional(),
  quantity,
  price: z.number().int().min(0).max(1e11).optional(),
  product_title: text.optional(),
});
// Input shape: ids may still be numbers; the catalog schemas of the derived events turn them into strings.
export type ShopifyCartLine = z.input<typeof shopifyCartLine>;

export const cartTotals = {
  itemCount: count.optional(),
  total: amount.optional(),
  currency: currency.optional(),
};

/** Values a custom event may carry: flat primitives or short arrays of them, never nested objects. */
const primitive = z.union([z.string().max(LIMITS.shortText), z.number().finite(), z.boolean(), z.null()]);
export const customProperties = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'property names are letters, digits and _ (at most 64 characters)'),
    z.union([primitive, z.array(primitive).max(LIMITS.arrayItems)]),
  )
  .refine((p) => Object.keys(p).length <= LIMITS.customKeys, `at most ${LIMITS.customKeys} properties`);
