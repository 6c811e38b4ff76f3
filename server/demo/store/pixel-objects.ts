import type { Cart, CartLine as PixelCartLine, Checkout, CheckoutLineItem, MoneyV2, ProductVariant } from '@shopify/web-pixels-extension';
import { DEMO_COLLECTIONS, DEMO_CURRENCY, DEMO_STORE_BASE, priceOrder, roundCents, type DemoProduct } from '../demo-catalog.js';
import { subtotalOf, type CartLine } from '../demo-event-properties.js';
import { VENDOR } from './cart-json.js';
import type { CheckoutDetails } from './demo-store-cookies.js';
import { COUNTRY_NAMES } from './render-checkout-pages.js';

/**
 * The demo's data as the objects of Shopify's web pixel API (`@shopify/web-pixels-extension` types):
 * money as `MoneyV2` in decimal amounts, ids as strings, GIDs where Shopify sends GIDs. Pure.
 * Type-only imports: the package is a dev dependency and nothing of it is needed at runtime.
 */

export const money = (amount: number): MoneyV2 => ({ amount: roundCents(amount), currencyCode: DEMO_CURRENCY });

/** Shopify's cart id in pixel events: the cart token as a GID (the server reduces it back to the token). */
export const cartGid = (cartToken: string) => `gid://shopify/Cart/${cartToken}`;

export function productVariant(p: DemoProduct): ProductVariant {
  return {
    id: p.variantId,
    image: null,
    price: money(p.price),
    product: {
      id: p.id,
      title: p.title,
      type: DEMO_COLLECTIONS.find((c) => c.handle === p.collectionHandle)?.title ?? null,
      untranslatedTitle: p.title,
      url: `${DEMO_STORE_BASE}/products/${p.handle}`,
      vendor: VENDOR,
    },
    sku: null,
    title: 'Default Title',
    untranslatedTitle: 'Default Title',
  };
}

export const cartLine = (product: DemoProduct, quantity: number): PixelCartLine => ({
  cost: { totalAmount: money(product.price * quantity) },
  merchandise: productVariant(product),
  quantity,
});

export function cart(lines: readonly CartLine[], cartToken: string | null): Cart {
  return {
    attributes: [],
    cost: { totalAmount: money(subtotalOf(lines)) },
    id: cartToken ? cartGid(cartToken) : null,
    lines: lines.map((l) => cartLine(l.product, l.quantity)),
    totalQuantity: lines.reduce((n, l) => n + l.quantity, 0),
  };
}

/** The delivery options and payment methods the demo checkout offers, as Shopify names them in pixel events. */
const DELIVERY = {
  standard: { title: 'Standard', description: '3–5 days' },
  express: { title: 'Express', description: 'Next day' },
} as const;
const PAYMENT = {
  card: { gateway: 'shopify_payments', paymentMethod: { name: 'Card', type: 'creditCard' } },
  paypal: { gateway: 'paypal', paymentMethod: { name: 'PayPal', type: 'offsite' } },
} as const;

/** The checkout as it stands, on a checkout page or on the order's thank-you page. */
export interface DemoCheckout {
  token: string;
  lines: readonly CartLine[];
  details: CheckoutDetails;
  /** Only once the order is placed (`checkout_completed`). */
  order?: { id: string; customerId: string | null };
}

function lineItem(line: CartLine): CheckoutLineItem {
  return {
    discountAllocations: [],
    finalLinePrice: money(line.product.price * line.quantity),
    id: `gid://shopify/CheckoutLineItem/${line.product.variantId}`,
    properties: [],
    quantity: line.quantity,
    sellingPlanAllocation: null,
    title: line.product.title,
    variant: productVariant(line.product),
  };
}

export function checkout(c: DemoCheckout): Checkout {
  const { details } = c;
  const price = priceOrder(subtotalOf(c.lines));
  const delivery = details.shippingMethod ? DELIVERY[details.shippingMethod] : null;
  const payment = details.paymentMethod ? PAYMENT[details.paymentMethod] : null;
  const address = details.countryCode
    ? {
      address1: null, address2: null, city: null, country: COUNTRY_NAMES[details.countryCode], countryCode: details.countryCode,
      firstName: null, lastName: null, phone: null, province: null, provinceCode: null, zip: null,
    }
    : null;
  return {
    attributes: [],
    billingAddress: address,
    buyerAcceptsEmailMarketing: details.acceptsMarketing === true,
    buyerAcceptsSmsMarketing: false,
    currencyCode: DEMO_CURRENCY,
    delivery: delivery && details.shippingMethod
      ? {
        selectedDeliveryOptions: [{
          cost: money(price.shipping), costAfterDiscounts: money(price.shipping), description: delivery.description,
          handle: details.shippingMethod, title: delivery.title, type: 'shipping',
        }],
      }
      : null,
    discountApplications: [],
    discountsAmount: money(0),
    email: details.email ?? null,
    lineItems: c.lines.map(lineItem),
    localization: { country: { isoCode: details.countryCode ?? null }, language: { isoCode: 'EN' }, market: { handle: null, id: null } },
    order: c.order
      ? { id: `gid://shopify/OrderIdentity/${c.order.id}`, customer: c.order.customerId ? { id: `gid://shopify/Customer/${c.order.customerId}`, isFirstOrder: null } : null }
      : null,
    phone: null,
    shippingAddress: address,
    shippingLine: delivery ? { price: money(price.shipping) } : null,
    smsMarketingPhone: null,
    subtotalPrice: money(price.subtotal),
    token: c.token,
    totalPrice: money(price.total),
    totalTax: money(0),
    transactions: payment ? [{ amount: money(price.total), gateway: payment.gateway, paymentMethod: { ...payment.paymentMethod } }] : [],
  };
}
