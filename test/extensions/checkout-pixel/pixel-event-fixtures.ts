import {
  EventType,
  type Checkout,
  type CheckoutLineItem,
  type Context,
  type MailingAddress,
  type MoneyV2,
  type PixelEvents,
  type ProductVariant,
  type RegisterInit,
} from '@shopify/web-pixels-extension';
import type { SubscribedEventName } from '../../../extensions/checkout-pixel/src/pixel-event-names.js';

/**
 * Pixel payloads typed with the package's own `PixelEvents` types, so every fixture has exactly the
 * shape Shopify documents (ids as Shopify sends them: some GIDs, some bare numbers as strings).
 */
export const CLIENT_ID = 'ffac04fa-8ad8-48fd-8a3a-59ad06a7518a';
export const SHOPIFY_EVENT_ID = 'sh-66770d6f-D512-4D2E-107C-88AA044AD287';
export const CHECKOUT_TOKEN = 'c1-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
export const CART_ID = 'gid://shopify/Cart/Z2NwLWV1cm9wZS13ZXN0NDowMUhZ?key=cart-secret';
export const BUYER_EMAIL = 'Ann.Shopper@Example.com';
export const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

export const money = (amount: number, currencyCode = 'EUR'): MoneyV2 => ({ amount, currencyCode });

export function contextAt(href: string, title: string): Context {
  const url = new URL(href);
  const location = {
    hash: url.hash, host: url.host, hostname: url.hostname, href: url.href, origin: url.origin,
    pathname: url.pathname, port: url.port, protocol: url.protocol, search: url.search,
  };
  return {
    document: { characterSet: 'UTF-8', location, referrer: 'https://www.google.com/search?q=linen+shirt', title },
    navigator: { cookieEnabled: true, language: 'de-DE', languages: ['de-DE', 'en'], userAgent: IPHONE_SAFARI },
    window: {
      innerHeight: 844, innerWidth: 390, location, origin: url.origin, outerHeight: 844, outerWidth: 390,
      pageXOffset: 0, pageYOffset: 120, screen: { height: 844, width: 390 }, screenX: 0, screenY: 0, scrollX: 0, scrollY: 120,
    },
  };
}

export const LINEN_SHIRT: ProductVariant = {
  id: 'gid://shopify/ProductVariant/44120000001',
  image: { src: 'https://cdn.shopify.com/s/files/linen-shirt.jpg' },
  price: money(29.5),
  product: {
    id: 'gid://shopify/Product/8123000001', title: 'Linen shirt', type: 'Shirts', untranslatedTitle: 'Linen shirt',
    url: '/products/linen-shirt', vendor: 'Atelier Nord',
  },
  sku: 'LIN-SH-M',
  title: 'M / Sand',
  untranslatedTitle: 'M / Sand',
};

export const STONEWARE_MUG: ProductVariant = {
  id: '44120000002',
  image: null,
  price: money(12),
  product: { id: '8123000002', title: 'Stoneware mug', type: null, untranslatedTitle: null, url: null, vendor: 'Atelier Nord' },
  sku: null,
  title: null,
  untranslatedTitle: null,
};

export const lineItem = (variant: ProductVariant, quantity: number, n = 1): CheckoutLineItem => ({
  discountAllocations: [],
  finalLinePrice: money(variant.price.amount * quantity),
  id: `gid://shopify/CheckoutLineItem/${n}`,
  properties: [],
  quantity,
  sellingPlanAllocation: null,
  title: variant.product.title,
  variant,
});

const ADDRESS: MailingAddress = {
  address1: 'Hauptstr. 1', address2: null, city: 'Berlin', country: 'Germany', countryCode: 'DE', firstName: 'Ann',
  lastName: 'Shopper', phone: null, province: null, provinceCode: null, zip: '10115',
};

export function checkoutOf(overrides: Partial<Checkout> = {}): Checkout {
  return {
    attributes: [],
    billingAddress: ADDRESS,
    buyerAcceptsEmailMarketing: true,
    buyerAcceptsSmsMarketing: false,
    currencyCode: 'EUR',
    delivery: {
      selectedDeliveryOptions: [{ cost: money(4.9), costAfterDiscounts: money(4.9), description: '2-4 days', handle: 'b1a5e4c3-standard', title: 'Standard', type: 'shipping' }],
    },
    discountApplications: [],
    discountsAmount: money(0),
    email: BUYER_EMAIL,
    lineItems: [lineItem(LINEN_SHIRT, 2, 1), lineItem(STONEWARE_MUG, 1, 2)],
    localization: { country: { isoCode: 'DE' }, language: { isoCode: 'DE' }, market: { handle: 'de', id: 'gid://shopify/Market/1' } },
    order: null,
    phone: null,
    shippingAddress: ADDRESS,
    shippingLine: { price: money(4.9) },
    smsMarketingPhone: null,
    subtotalPrice: money(71),
    token: CHECKOUT_TOKEN,
    totalPrice: money(75.9),
    totalTax: money(12.12),
    transactions: [],
    ...overrides,
  };
}

const PAID = checkoutOf({
  transactions: [{ amount: money(75.9), gateway: 'shopify_payments', paymentMethod: { name: 'visa', type: 'creditCard' } }],
});
const COMPLETED = {
  ...PAID,
  order: { id: 'gid://shopify/OrderIdentity/5001234567', customer: { id: 'gid://shopify/Customer/7391846', isFirstOrder: true } },
};

type AllSubscribed = { [K in SubscribedEventName]: PixelEvents[K] };

/** One event of every subscribed kind, as they occur in one journey, `at` ms epoch onwards. */
export function journeyEvents(at: number, clientId = CLIENT_ID): AllSubscribed {
  let seq = 0;
  const base = <N extends SubscribedEventName>(name: N, path: string, title: string) => {
    seq++;
    return {
      id: `sh-${(0x66770d00 + seq).toString(16)}-D512-4D2E-107C-88AA044AD${String(seq).padStart(3, '0')}`,
      clientId,
      name,
      seq,
      timestamp: new Date(at + seq * 1000).toISOString(),
      type: EventType.Standard as const,
      context: contextAt(`https://demo-shop.myshopify.com${path}`, title),
    };
  };
  const checkoutPath = `/checkouts/cn/${CHECKOUT_TOKEN}/information`;
  return {
    page_viewed: { ...base('page_viewed', '/?utm_source=newsletter', 'Demo shop'), data: {} },
    product_viewed: { ...base('product_viewed', '/products/linen-shirt?variant=44120000001', 'Linen shirt'), data: { productVariant: LINEN_SHIRT } },
    collection_viewed: {
      ...base('collection_viewed', '/collections/summer', 'Summer'),
      data: { collection: { id: 'gid://shopify/Collection/770001', title: 'Summer', productVariants: [LINEN_SHIRT, { ...LINEN_SHIRT, id: '44120000009' }, STONEWARE_MUG] } },
    },
    search_submitted: {
      ...base('search_submitted', '/search?q=linen', 'Search'),
      data: { searchResult: { query: '  linen shirt ', productVariants: [LINEN_SHIRT] } },
    },
    product_added_to_cart: {
      ...base('product_added_to_cart', '/products/linen-shirt', 'Linen shirt'),
      data: { cartLine: { cost: { totalAmount: money(59) }, merchandise: LINEN_SHIRT, quantity: 2 } },
    },
    product_removed_from_cart: {
      ...base('product_removed_from_cart', '/cart', 'Cart'),
      data: { cartLine: { cost: { totalAmount: money(12) }, merchandise: STONEWARE_MUG, quantity: 1 } },
    },
    cart_viewed: {
      ...base('cart_viewed', '/cart', 'Cart'),
      data: {
        cart: {
          attributes: [], cost: { totalAmount: money(71) }, id: CART_ID, totalQuantity: 3,
          lines: [{ cost: { totalAmount: money(59) }, merchandise: LINEN_SHIRT, quantity: 2 }, { cost: { totalAmount: money(12) }, merchandise: STONEWARE_MUG, quantity: 1 }],
        },
      },
    },
    checkout_started: { ...base('checkout_started', checkoutPath, 'Checkout'), data: { checkout: checkoutOf({ email: null }) } },
    checkout_contact_info_submitted: { ...base('checkout_contact_info_submitted', checkoutPath, 'Checkout'), data: { checkout: checkoutOf() } },
    checkout_address_info_submitted: { ...base('checkout_address_info_submitted', checkoutPath, 'Checkout'), data: { checkout: checkoutOf({ delivery: null, shippingLine: null }) } },
    checkout_shipping_info_submitted: { ...base('checkout_shipping_info_submitted', `/checkouts/cn/${CHECKOUT_TOKEN}/shipping`, 'Checkout'), data: { checkout: checkoutOf() } },
    payment_info_submitted: { ...base('payment_info_submitted', `/checkouts/cn/${CHECKOUT_TOKEN}/payment`, 'Checkout'), data: { checkout: PAID } },
    checkout_completed: { ...base('checkout_completed', `/checkouts/cn/${CHECKOUT_TOKEN}/thank-you`, 'Thank you'), data: { checkout: COMPLETED } },
  };
}

export function registerInit(options: { analytics: boolean; shop?: string; customerId?: string | null }): RegisterInit {
  const shop = options.shop ?? 'demo-shop.myshopify.com';
  return {
    context: contextAt(`https://${shop}/`, 'Demo shop'),
    data: {
      customer: options.customerId ? { id: options.customerId } : null,
      cart: { id: CART_ID },
      shop: { countryCode: 'DE', myshopifyDomain: shop, name: 'Demo shop', paymentSettings: { currencyCode: 'EUR' }, storefrontUrl: `https://${shop}` },
      purchasingCompany: null,
    },
    customerPrivacy: {
      analyticsProcessingAllowed: options.analytics,
      marketingAllowed: false,
      preferencesProcessingAllowed: true,
      saleOfDataAllowed: true,
    },
  };
}
