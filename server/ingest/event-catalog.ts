import { z } from 'zod';
import { pagePathOf } from './minimize-event.js';
import { amount, cartTotals, count, countryCode, currency, durationMs, lineItem, LIMITS, longText, product, quantity, shopifyCartLine, shopifyId, text } from './property-fields.js';

/**
 * Every event the app knows, with its property schema (docs/events.md mirrors this file).
 * `client` events arrive through /collect and /proxy/collect; `server` events are derived by the app
 * (orders, abandonment) and a client sending one is rejected, so nobody can forge an order.
 * Unknown properties are dropped rather than failing the event, so an older server accepts a newer tracker.
 */
// A classic form post to /cart/add names only the variant, so either id identifies the line.
const cartLine = z
  .object({ ...product, productId: product.productId.optional(), quantity: quantity.min(1), cartTotal: amount.optional() })
  .refine((line) => line.productId !== undefined || line.variantId !== undefined, 'productId or variantId is required');

export const EVENT_CATALOG = {
  Page_Viewed: { origin: 'client', properties: z.object({ title: text.optional(), pageType: z.string().max(32).optional() }) },
  Product_Viewed: { origin: 'client', properties: z.object(product) },
  Collection_Viewed: {
    origin: 'client',
    properties: z.object({ collectionId: shopifyId.optional(), title: text.optional(), productCount: count.optional() }),
  },
  Search_Submitted: { origin: 'client', properties: z.object({ query: text, resultCount: count.optional() }) },
  Cart_Viewed: { origin: 'client', properties: z.object(cartTotals) },
  Cart_ItemAdded: { origin: 'client', properties: cartLine },
  Cart_ItemRemoved: { origin: 'client', properties: cartLine },
  // What the storefront tracker saw of a cart call: the lines before and after, as Shopify's Ajax API gives
  // them. Never stored itself: expand-cart-update.ts turns it into Cart_ItemAdded / Cart_ItemRemoved.
  Cart_Updated: {
    origin: 'client',
    properties: z.object({
      before: z.array(shopifyCartLine).max(LIMITS.cartLines),
      after: z.array(shopifyCartLine).max(LIMITS.cartLines),
      currency: currency.optional(),
    }),
  },
  Checkout_Started: { origin: 'client', properties: z.object(cartTotals) },
  Checkout_ContactSubmitted: { origin: 'client', properties: z.object({ acceptsMarketing: z.boolean().optional() }) },
  Checkout_ShippingSubmitted: {
    origin: 'client',
    properties: z.object({ shippingMethod: z.string().max(128).optional(), countryCode: countryCode.optional() }),
  },
  Payment_Submitted: { origin: 'client', properties: z.object({ paymentMethod: z.string().max(64).optional() }) },
  Checkout_Completed: {
    origin: 'client',
    properties: z.object({
      orderId: shopifyId.optional(),
      ...cartTotals,
      lineItems: z.array(lineItem).max(LIMITS.arrayItems).optional(),
      isFirstOrder: z.boolean().optional(),
    }),
  },
  Customer_Identified: {
    origin: 'client',
    properties: z.object({ method: z.enum(['login', 'signup', 'checkout', 'newsletter', 'other']).optional() }),
  },
  Element_RageClicked: {
    origin: 'client',
    properties: z.object({ selector: text, clicks: z.number().int().min(2).max(1000), text: z.string().max(128).optional() }),
  },
  Element_DeadClicked: { origin: 'client', properties: z.object({ selector: text, text: z.string().max(128).optional() }) },
  // A page address, so it is reduced like context.url: path and query-string keys only.
  Page_UTurned: { origin: 'client', properties: z.object({ fromPath: longText.transform((v) => pagePathOf(v) ?? undefined).optional(), dwellMs: durationMs }) },

  Order_Placed: {
    origin: 'server',
    properties: z.object({
      orderId: shopifyId,
      total: amount,
      currency,
      itemCount: count.optional(),
      lineItems: z.array(lineItem).max(LIMITS.arrayItems).optional(),
      discountCodes: z.array(z.string().max(64)).max(20).optional(),
      isFirstOrder: z.boolean().optional(),
    }),
  },
  Order_Cancelled: { origin: 'server', properties: z.object({ orderId: shopifyId, reason: z.string().max(64).optional() }) },
  Cart_Abandoned: { origin: 'server', properties: z.object({ ...cartTotals, idleMs: durationMs.optional() }) },
  Checkout_Abandoned: { origin: 'server', properties: z.object({ ...cartTotals, idleMs: durationMs.optional() }) },
} as const satisfies Record<string, { origin: 'client' | 'server'; properties: z.ZodType }>;

export type KnownEventName = keyof typeof EVENT_CATALOG;
export type EventProperties<N extends KnownEventName> = z.input<(typeof EVENT_CATALOG)[N]['properties']>;

export function isKnownEventName(name: string): name is KnownEventName {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOG, name);
}

export function isServerDerivedEvent(name: string): boolean {
  return isKnownEventName(name) && EVENT_CATALOG[name].origin === 'server';
}
