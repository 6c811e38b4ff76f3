import type { Checkout, Context, ProductVariant, RegisterInit } from '@shopify/web-pixels-extension';
import type { EventProperties, KnownEventName } from '../../../server/ingest/event-catalog.js';
import type { WireConsent, WireContext, WireEvent } from '../../../server/ingest/wire-event.js';
import { deriveEventId } from './derive-event-id.js';
import type { SubscribedPixelEvent } from './pixel-event-names.js';
import { amountOf, compact, currencyOf, intIn, moneyOf, shopifyIdOf, textOf, tokenOf } from './pixel-values.js';

/** What the pixel knows about the shopper besides the event itself (see src/index.ts). */
export interface PixelIdentity {
  visitorId: string;
  sessionId: string;
  consent: WireConsent;
  /** The logged-in customer at page load (`init.data.customer.id`): a claim, as on any /collect event. */
  customerId?: string | null;
  /** The cart at page load (`init.data.cart.id`), for cart events whose payload carries none. */
  cartToken?: string | null;
  /** Used as the event time only when Shopify's timestamp cannot be read. */
  now: number;
}

interface Mapped {
  name: KnownEventName;
  properties: Record<string, unknown>;
  email?: string;
  customerId?: string;
  cartToken?: string;
  checkoutToken?: string;
}

const MAX_LINE_ITEMS = 50;

/**
 * One Shopify standard event → one event of our catalog (server/ingest/event-catalog.ts), or null when
 * the payload lacks what the catalog requires (a cart line without a product). Pure: the same input
 * always gives the same output, including the event id, so a re-sent event is stored once.
 */
export function mapPixelEvent(event: SubscribedPixelEvent, identity: PixelIdentity): WireEvent | null {
  const mapped = mapData(event, identity);
  if (!mapped) return null;
  return compact({
    id: deriveEventId(event.id),
    name: mapped.name,
    ts: isoTime(event.timestamp, identity.now),
    visitorId: identity.visitorId,
    sessionId: identity.sessionId,
    customerId: customerIdOf(mapped.customerId) ?? customerIdOf(identity.customerId),
    clientId: tokenOf(event.clientId, 128),
    cartToken: mapped.cartToken,
    checkoutToken: mapped.checkoutToken,
    email: mapped.email,
    properties: compact(mapped.properties),
    context: contextOf(event.context),
    consent: identity.consent,
  }) as WireEvent;
}

export function consentOf(privacy: RegisterInit['customerPrivacy'] | null | undefined): WireConsent {
  return {
    analytics: privacy?.analyticsProcessingAllowed === true,
    marketing: privacy?.marketingAllowed === true,
    preferences: privacy?.preferencesProcessingAllowed === true,
    saleOfData: privacy?.saleOfDataAllowed === true,
  };
}

function mapData(event: SubscribedPixelEvent, identity: PixelIdentity): Mapped | null {
  switch (event.name) {
    case 'page_viewed':
      return { name: 'Page_Viewed', properties: { title: textOf(event.context?.document?.title) } satisfies EventProperties<'Page_Viewed'> };
    case 'product_viewed': {
      const product = productOf(event.data?.productVariant);
      return product && { name: 'Product_Viewed', properties: product };
    }
    case 'collection_viewed': {
      const collection = event.data?.collection;
      const properties: EventProperties<'Collection_Viewed'> = {
        collectionId: shopifyIdOf(collection?.id),
        title: textOf(collection?.title),
        productCount: distinctProducts(collection?.productVariants),
      };
      return { name: 'Collection_Viewed', properties };
    }
    case 'search_submitted': {
      const result = event.data?.searchResult;
      const properties: EventProperties<'Search_Submitted'> = {
        query: (result?.query ?? '').trim().slice(0, 256),
        resultCount: distinctProducts(result?.productVariants),
      };
      return { name: 'Search_Submitted', properties };
    }
    case 'product_added_to_cart':
    case 'product_removed_from_cart': {
      const line = event.data?.cartLine;
      const product = productOf(line?.merchandise);
      // The catalog wants at least one unit: a line without a quantity or a product says nothing useful.
      const quantity = intIn(line?.quantity, 0, 10_000);
      if (!product || !quantity) return null;
      const properties: EventProperties<'Cart_ItemAdded'> = { ...product, quantity };
      const name = event.name === 'product_added_to_cart' ? 'Cart_ItemAdded' : 'Cart_ItemRemoved';
      return { name, properties, cartToken: tokenOf(identity.cartToken, 256) };
    }
    case 'cart_viewed': {
      const cart = event.data?.cart;
      const properties: EventProperties<'Cart_Viewed'> = {
        itemCount: intIn(cart?.totalQuantity, 0, 1_000_000),
        total: moneyOf(cart?.cost?.totalAmount),
        currency: currencyOf(cart?.cost?.totalAmount?.currencyCode),
      };
      return { name: 'Cart_Viewed', properties, cartToken: tokenOf(cart?.id, 256) ?? tokenOf(identity.cartToken, 256) };
    }
    case 'checkout_started':
      return checkoutEvent('Checkout_Started', event.data?.checkout, totalsOf(event.data?.checkout) satisfies EventProperties<'Checkout_Started'>);
    case 'checkout_contact_info_submitted': {
      const checkout = event.data?.checkout;
      const properties: EventProperties<'Checkout_ContactSubmitted'> = { acceptsMarketing: booleanOf(checkout?.buyerAcceptsEmailMarketing) };
      return { ...checkoutEvent('Checkout_ContactSubmitted', checkout, properties), email: emailOf(checkout?.email) };
    }
    // Both steps are "the shopper told us where it ships": the address step carries the country, the
    // shipping step the chosen method too. Two events in a checkout with shipping, one without.
    case 'checkout_address_info_submitted':
      return checkoutEvent('Checkout_ShippingSubmitted', event.data?.checkout, {
        countryCode: countryOf(event.data?.checkout?.shippingAddress?.countryCode),
      } satisfies EventProperties<'Checkout_ShippingSubmitted'>);
    case 'checkout_shipping_info_submitted': {
      const checkout = event.data?.checkout;
      const option = checkout?.delivery?.selectedDeliveryOptions?.[0];
      const properties: EventProperties<'Checkout_ShippingSubmitted'> = {
        shippingMethod: textOf(option?.title ?? option?.type, 128),
        countryCode: countryOf(checkout?.shippingAddress?.countryCode),
      };
      return checkoutEvent('Checkout_ShippingSubmitted', checkout, properties);
    }
    case 'payment_info_submitted': {
      const transaction = event.data?.checkout?.transactions?.[0];
      const properties: EventProperties<'Payment_Submitted'> = {
        paymentMethod: textOf(transaction?.paymentMethod?.type ?? transaction?.gateway, 64),
      };
      return checkoutEvent('Payment_Submitted', event.data?.checkout, properties);
    }
    case 'checkout_completed': {
      const checkout = event.data?.checkout;
      const order = checkout?.order;
      const properties: EventProperties<'Checkout_Completed'> = {
        orderId: shopifyIdOf(order?.id),
        ...totalsOf(checkout),
        lineItems: lineItemsOf(checkout),
        isFirstOrder: booleanOf(order?.customer?.isFirstOrder),
      };
      return { ...checkoutEvent('Checkout_Completed', checkout, properties), email: emailOf(checkout?.email), customerId: order?.customer?.id ?? undefined };
    }
    default:
      return null;
  }
}

function checkoutEvent(name: KnownEventName, checkout: Checkout | null | undefined, properties: Record<string, unknown>): Mapped {
  return { name, properties, checkoutToken: tokenOf(checkout?.token, 256) };
}

function productOf(variant: ProductVariant | null | undefined): EventProperties<'Product_Viewed'> | null {
  const productId = shopifyIdOf(variant?.product?.id);
  if (!variant || productId === undefined) return null;
  return {
    productId,
    variantId: shopifyIdOf(variant.id),
    title: textOf(variant.product.title),
    sku: textOf(variant.sku, 128),
    vendor: textOf(variant.product.vendor),
    productType: textOf(variant.product.type),
    price: moneyOf(variant.price),
    currency: currencyOf(variant.price?.currencyCode),
  };
}

function totalsOf(checkout: Checkout | null | undefined) {
  const items = checkout?.lineItems ?? [];
  return {
    itemCount: intIn(items.reduce((n, item) => n + (intIn(item.quantity, 0, 10_000) ?? 0), 0), 0, 1_000_000),
    total: moneyOf(checkout?.totalPrice),
    currency: currencyOf(checkout?.currencyCode, checkout?.totalPrice?.currencyCode),
  };
}

function lineItemsOf(checkout: Checkout | null | undefined): EventProperties<'Checkout_Completed'>['lineItems'] {
  const out: NonNullable<EventProperties<'Checkout_Completed'>['lineItems']> = [];
  for (const item of checkout?.lineItems ?? []) {
    if (out.length === MAX_LINE_ITEMS) break;
    const productId = shopifyIdOf(item.variant?.product?.id);
    if (productId === undefined) continue;
    out.push(compact({
      productId,
      variantId: shopifyIdOf(item.variant?.id),
      title: textOf(item.title ?? item.variant?.product?.title),
      quantity: intIn(item.quantity, 0, 10_000) ?? 0,
      price: amountOf(item.variant?.price?.amount),
    }) as { productId: string; quantity: number });
  }
  return out.length > 0 ? out : undefined;
}

function distinctProducts(variants: ProductVariant[] | null | undefined): number | undefined {
  if (!Array.isArray(variants)) return undefined;
  return new Set(variants.map((v, i) => v?.product?.id ?? `#${i}`)).size;
}

function contextOf(context: Context | null | undefined): WireContext | undefined {
  if (!context) return undefined;
  const w = intIn(context.window?.innerWidth, 0, 100_000);
  const h = intIn(context.window?.innerHeight, 0, 100_000);
  return compact({
    url: textOf(context.document?.location?.href, 2048),
    referrer: textOf(context.document?.referrer, 2048),
    viewport: w !== undefined && h !== undefined ? { w, h } : undefined,
    userAgent: textOf(context.navigator?.userAgent, 512),
  });
}

function customerIdOf(value: string | null | undefined): string | undefined {
  const id = shopifyIdOf(value);
  return id !== undefined && /^\d{1,20}$/.test(id) ? id : undefined;
}

// Over-long addresses are left out rather than cut: a cut address would be someone else's.
function emailOf(value: string | null | undefined): string | undefined {
  const email = typeof value === 'string' ? value.trim() : '';
  return email.length > 0 && email.length <= 254 ? email : undefined;
}

const countryOf = (code: string | null | undefined) => (typeof code === 'string' && /^[A-Z]{2}$/.test(code) ? code : undefined);
const booleanOf = (value: boolean | null | undefined) => (typeof value === 'boolean' ? value : undefined);

function isoTime(timestamp: string, now: number): string {
  const ms = Date.parse(timestamp);
  return new Date(Number.isFinite(ms) ? ms : now).toISOString();
}
