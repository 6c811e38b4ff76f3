import type { Context, EventType, PixelEvents, RegisterInit } from '@shopify/web-pixels-extension';
import {
  DEMO_CURRENCY, DEMO_PRODUCTS, DEMO_STORE_BASE, productsInCollection, searchCatalog, type DemoCollection, type DemoProduct,
} from '../demo-catalog.js';
import type { DemoCustomer } from '../demo-customers.js';
import type { CartLine } from '../demo-event-properties.js';
import type { PendingPixelEvent } from './demo-store-cookies.js';
import { cart, cartLine, checkout, productVariant, type DemoCheckout } from './pixel-objects.js';
import { STORE_NAME } from './render-store-layout.js';
import type { ThemePageType } from './theme-objects.js';

/**
 * What a demo page tells the pixel host (assets/pixel-host.js), Shopify's web pixel manager in small: the
 * pixel's settings and `init`, and the standard events this page publishes, in the exact shape of the
 * package's `PixelEvents` but for what only the browser knows (event id, client id, time, `context`), which
 * the host adds (`completePixelEvent` is that step). Pure: the same facts always give the same data.
 */

export const PIXEL_WORKER_URL = `${DEMO_STORE_BASE}/assets/pixel-worker.js`;
export const PIXEL_BUNDLE_URL = `${DEMO_STORE_BASE}/ext/checkout-pixel/checkout-pixel.js`;

export type DemoPixelEventName =
  | 'page_viewed' | 'product_viewed' | 'collection_viewed' | 'search_submitted' | 'cart_viewed' | 'product_added_to_cart'
  | 'checkout_started' | 'checkout_contact_info_submitted' | 'checkout_address_info_submitted'
  | 'checkout_shipping_info_submitted' | 'payment_info_submitted' | 'checkout_completed';

/** A standard event as the server knows it: its name and `data`. */
export type PixelEventDraft = { [K in DemoPixelEventName]: { name: K; data: PixelEvents[K]['data'] } }[DemoPixelEventName];

/** What the host adds to each draft in the browser. */
export interface PixelEventEnvelope {
  id: string;
  clientId: string;
  timestamp: string;
  seq: number;
  context: Context;
}

export interface PixelSettings {
  collectorUrl: string;
  ingestKey: string;
  debug: 'true' | 'false';
}

export interface PixelPageData {
  worker: string;
  bundle: string;
  settings: PixelSettings;
  /** `init` without `context` and `customerPrivacy`, which the host reads in the browser. */
  init: Omit<RegisterInit, 'context' | 'customerPrivacy'>;
  events: PixelEventDraft[];
}

export interface StorefrontView {
  kind: 'storefront';
  pageType: ThemePageType;
  product?: DemoProduct;
  collection?: DemoCollection;
  search?: { terms: string };
}

export interface CheckoutView {
  kind: 'checkout';
  /** Null on a thank-you page without a recent order. */
  checkout: DemoCheckout | null;
  /** This request opened the checkout. */
  started: boolean;
}

export interface PixelPageFacts {
  /** This server's origin as the browser reached it, e.g. `http://localhost:3000`. */
  origin: string;
  shop: string;
  ingestKey: string;
  customer: DemoCustomer | null;
  cart: readonly CartLine[];
  cartToken: string | null;
  /** What happened since the previous page (demo-store-cookies.ts). */
  pending: readonly PendingPixelEvent[];
  view: StorefrontView | CheckoutView;
}

const STANDARD = 'standard' as EventType.Standard;

export type DemoPixelEvent = PixelEvents[DemoPixelEventName];

/** What the host does to each draft in the browser, for tests to do the same. */
export function completePixelEvent(draft: PixelEventDraft, envelope: PixelEventEnvelope): DemoPixelEvent {
  return { ...envelope, type: STANDARD, ...draft } as DemoPixelEvent;
}

const draft = <K extends DemoPixelEventName>(name: K, data: PixelEvents[K]['data']) => ({ name, data }) as PixelEventDraft;

export function pixelPageData(facts: PixelPageFacts): PixelPageData {
  return {
    worker: PIXEL_WORKER_URL,
    bundle: PIXEL_BUNDLE_URL,
    settings: { collectorUrl: `${facts.origin}/collect`, ingestKey: facts.ingestKey, debug: 'false' },
    init: {
      data: {
        customer: facts.customer ? { id: facts.customer.id } : null,
        cart: facts.cartToken || facts.cart.length > 0 ? cart(facts.cart, facts.cartToken) : null,
        shop: {
          countryCode: 'IE',
          myshopifyDomain: facts.shop,
          name: STORE_NAME,
          paymentSettings: { currencyCode: DEMO_CURRENCY },
          storefrontUrl: `${facts.origin}${DEMO_STORE_BASE}`,
        },
        purchasingCompany: null,
      },
    },
    events: [...pendingEvents(facts), draft('page_viewed', {}), ...viewEvents(facts)],
  };
}

/** Announced on this page for what happened on the request before it (in the order it happened). */
function pendingEvents(facts: PixelPageFacts): PixelEventDraft[] {
  const open = facts.view.kind === 'checkout' && facts.view.checkout ? checkout({ ...facts.view.checkout, order: undefined }) : null;
  return facts.pending.flatMap((p): PixelEventDraft[] => {
    if (p.kind === 'added') {
      const product = DEMO_PRODUCTS.find((x) => x.variantId === p.variantId);
      return product ? [draft('product_added_to_cart', { cartLine: cartLine(product, p.quantity) })] : [];
    }
    // A checkout step is told on the checkout page that follows it, never elsewhere.
    if (!open) return [];
    switch (p.kind) {
      case 'contact': return [draft('checkout_contact_info_submitted', { checkout: open })];
      // The demo asks for the address and the delivery method on one page: both steps are passed at once.
      case 'address': return [draft('checkout_address_info_submitted', { checkout: open })];
      case 'shipping': return [draft('checkout_shipping_info_submitted', { checkout: open })];
      case 'payment': return [draft('payment_info_submitted', { checkout: open })];
    }
  });
}

function viewEvents(facts: PixelPageFacts): PixelEventDraft[] {
  const view = facts.view;
  if (view.kind === 'checkout') {
    if (!view.checkout) return [];
    if (view.checkout.order) return [draft('checkout_completed', { checkout: checkout(view.checkout) })];
    return view.started ? [draft('checkout_started', { checkout: checkout(view.checkout) })] : [];
  }
  if (view.product) return [draft('product_viewed', { productVariant: productVariant(view.product) })];
  if (view.collection) {
    const { id, title, handle } = view.collection;
    return [draft('collection_viewed', { collection: { id, title, productVariants: productsInCollection(handle).map(productVariant) } })];
  }
  if (view.search && view.search.terms !== '') {
    const productVariants = searchCatalog(view.search.terms).map(productVariant);
    return [draft('search_submitted', { searchResult: { query: view.search.terms, productVariants } })];
  }
  if (view.pageType === 'cart') return [draft('cart_viewed', { cart: cart(facts.cart, facts.cartToken) })];
  return [];
}

