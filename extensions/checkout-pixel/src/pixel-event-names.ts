import type { PixelEvents } from '@shopify/web-pixels-extension';

/**
 * The standard events the pixel subscribes to, split by where they happen. Storefront events are
 * also captured by the theme app embed; when the embed is active on this browser the pixel leaves
 * them to it and sends only what the embed cannot see: checkout.
 */
export const STOREFRONT_EVENTS = [
  'page_viewed',
  'product_viewed',
  'collection_viewed',
  'search_submitted',
  'product_added_to_cart',
  'product_removed_from_cart',
  'cart_viewed',
] as const satisfies ReadonlyArray<keyof PixelEvents>;

export const CHECKOUT_EVENTS = [
  'checkout_started',
  'checkout_contact_info_submitted',
  'checkout_address_info_submitted',
  'checkout_shipping_info_submitted',
  'payment_info_submitted',
  'checkout_completed',
] as const satisfies ReadonlyArray<keyof PixelEvents>;

export type StorefrontEventName = (typeof STOREFRONT_EVENTS)[number];
export type CheckoutEventName = (typeof CHECKOUT_EVENTS)[number];
export type SubscribedEventName = StorefrontEventName | CheckoutEventName;
export type SubscribedPixelEvent = PixelEvents[SubscribedEventName];

export const SUBSCRIBED_EVENTS: readonly SubscribedEventName[] = [...STOREFRONT_EVENTS, ...CHECKOUT_EVENTS];

export function isCheckoutEvent(name: string): name is CheckoutEventName {
  return (CHECKOUT_EVENTS as readonly string[]).includes(name);
}
