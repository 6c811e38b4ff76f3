import type { Identifier } from '../identity/identifier.js';
import type { StoredEvent } from '../ingest/stored-event.js';
import type { SeededRandom } from './create-seeded-random.js';
import type { DemoDevice, DemoShopperPlan, PlannedSession } from './plan-demo-shopper.js';
import {
  DEMO_COLLECTIONS, DEMO_CURRENCY, DEMO_PRODUCTS, STORE_PATHS, priceOrder, productsInCollection, searchCatalog, type DemoProduct,
} from './demo-catalog.js';
import { collectionProperties, itemCount, lineItemsOf, productProperties, subtotalOf, type CartLine } from './demo-event-properties.js';
import {
  BOUNCE, CART_TTL_MS, CHECKOUT_STEPS, DEAD_CLICK_PER_PAGE, EXTRA_PAGES, FRICTION_SELECTORS, FUNNEL, LANDING_WEIGHTS,
  PAGE_WEIGHTS, PAYMENT_METHODS, RAGE_CLICK_PER_PAGE, REFERRERS, REMOVE_ITEM, SEARCH_QUERIES, SECOND_ITEM,
  SHIPPING_METHODS, COUNTRIES, UTURN_AFTER_BOUNCE, UTURN_PER_PRODUCT_VIEW, VIEW_CART, VIEW_OLD_CART,
} from './demo-behavior.js';

/** What a device remembers between sessions: its cart (token + lines) and whether the shopper is logged in. */
export interface DeviceState {
  cart: { token: string; identifier: Identifier; lines: CartLine[]; touchedAt: number } | null;
  loggedIn: boolean;
}

export interface ShopperState {
  devices: DeviceState[];
  /** Orders placed so far; numbers the next order id. */
  orders: number;
}

type PageKind = 'home' | 'collection' | 'product' | 'search';

/**
 * Appends the events of one session to `out`: landing page (or a bounce), browsing with a little
 * friction, maybe a login, and for sessions that mean to buy the cart and the checkout funnel, each
 * step passed with the chances in demo-behavior.ts. Event ids come from `rng`, so they are deterministic.
 */
export function simulateDemoSession(
  rng: SeededRandom, plan: DemoShopperPlan, session: PlannedSession, shopper: ShopperState, out: StoredEvent[],
): void {
  const device: DemoDevice = plan.devices[session.deviceIndex]!;
  const state = shopper.devices[session.deviceIndex]!;
  const sessionId = rng.uuid();
  const dwellMean = device.device === 'desktop' ? 45_000 : 30_000;
  let t = session.start;
  let referrerHost: string | null = null;
  let currentPath: string = STORE_PATHS.home;
  if (state.cart && session.start - state.cart.touchedAt > CART_TTL_MS) state.cart = null;

  // Identifier, consent and empty-property objects are shared between events (frozen): a default seed
  // makes over 200,000 events and allocation, not arithmetic, is what the generator spends its time on.
  const visitor: Identifier = Object.freeze({ kind: 'visitor', value: device.visitorId });
  const customer: Identifier | null = plan.customerId ? Object.freeze({ kind: 'customer', value: plan.customerId }) : null;
  const email: Identifier = Object.freeze({ kind: 'email', value: plan.email });
  const consent = Object.freeze({ marketing: plan.consent.marketing, saleOfData: plan.consent.saleOfData, gpc: plan.consent.gpc });
  const emit = (name: string, pagePath: string, properties: Record<string, unknown>, checkout: { token: string; identifier: Identifier } | null = null, withEmail = false) => {
    const identifiers: Identifier[] = [visitor];
    if (state.cart) identifiers.push(state.cart.identifier);
    if (checkout) identifiers.push(checkout.identifier);
    if (customer && (state.loggedIn || name === 'Customer_Identified' || name === 'Checkout_Completed')) identifiers.push(customer);
    if (withEmail) identifiers.push(email);
    const occurredAt = Math.round(t);
    out.push({
      eventId: rng.uuid(), name, occurredAt, receivedAt: occurredAt + rng.int(40, 900), timeFlagged: false,
      visitorId: device.visitorId, sessionId, cartToken: state.cart?.token ?? null, checkoutToken: checkout?.token ?? null, identifiers,
      device: device.device, os: device.os, browser: device.browser, pagePath, referrerHost,
      properties, consent, source: 'demo-seed',
    });
    referrerHost = null; // only the landing page has an outside referrer
    currentPath = pagePath;
    t += 200 + rng.int(0, 800);
  };
  const dwell = () => { t += 3000 + rng.exponential(dwellMean); };
  const friction = (path: string) => {
    if (rng.chance(RAGE_CLICK_PER_PAGE[device.device])) emit('Element_RageClicked', path, { selector: rng.pick(FRICTION_SELECTORS), clicks: rng.int(3, 9) });
    if (rng.chance(DEAD_CLICK_PER_PAGE[device.device])) emit('Element_DeadClicked', path, { selector: rng.pick(FRICTION_SELECTORS) });
  };

  const viewProduct = (product: DemoProduct) => {
    const path = STORE_PATHS.product(product.handle);
    emit('Page_Viewed', path, PAGE_TYPE.product);
    emit('Product_Viewed', path, productProperties(product));
    friction(path);
    dwell();
  };
  /** Returns the path of the page viewed. */
  const viewPage = (kind: PageKind): string => {
    if (kind === 'product') {
      const product = rng.pick(DEMO_PRODUCTS);
      viewProduct(product);
      return STORE_PATHS.product(product.handle);
    }
    let path: string = STORE_PATHS.home;
    if (kind === 'home') emit('Page_Viewed', path, PAGE_TYPE.home);
    if (kind === 'collection') {
      const c = rng.pick(DEMO_COLLECTIONS);
      path = STORE_PATHS.collection(c.handle);
      emit('Page_Viewed', path, PAGE_TYPE.collection);
      emit('Collection_Viewed', path, collectionProperties(c));
    }
    if (kind === 'search') {
      path = STORE_PATHS.search;
      const query = rng.pick(SEARCH_QUERIES);
      emit('Search_Submitted', path, { query, resultCount: searchCatalog(query).length });
      emit('Page_Viewed', path, PAGE_TYPE.search);
    }
    friction(path);
    dwell();
    return path;
  };
  const addToCart = (product: DemoProduct) => {
    viewProduct(product);
    if (!state.cart) {
      const token = rng.hex(32);
      state.cart = { token, identifier: Object.freeze({ kind: 'cart', value: token }), lines: [], touchedAt: t };
    }
    const quantity = rng.chance(0.85) ? 1 : 2;
    const line = state.cart.lines.find((l) => l.product.id === product.id);
    if (line) line.quantity += quantity;
    else state.cart.lines.push({ product, quantity });
    state.cart.touchedAt = t;
    emit('Cart_ItemAdded', STORE_PATHS.product(product.handle), { ...productProperties(product), quantity, cartTotal: subtotalOf(state.cart.lines) });
  };
  const viewCart = () => {
    const cart = state.cart!;
    emit('Page_Viewed', STORE_PATHS.cart, PAGE_TYPE.cart);
    emit('Cart_Viewed', STORE_PATHS.cart, { itemCount: itemCount(cart.lines), total: subtotalOf(cart.lines), currency: DEMO_CURRENCY });
    dwell();
  };

  const landing = rng.weighted(LANDING_WEIGHTS);
  const referrer = rng.weighted(REFERRERS);
  const intends = rng.chance(Math.min(1, FUNNEL[device.device].addToCart * plan.intent));
  referrerHost = referrer === 'direct' ? null : referrer;
  if (!intends && rng.chance(BOUNCE[device.device])) {
    const path = viewPage(landing);
    if (rng.chance(UTURN_AFTER_BOUNCE)) emit('Page_UTurned', path, { fromPath: path, dwellMs: rng.int(800, 8000) });
    return;
  }

  const pages = 1 + EXTRA_PAGES.min + Math.round(rng.exponential(EXTRA_PAGES.mean));
  const addAt = intends ? rng.int(1, pages - 1) : -1;
  const loginAt = session.login ? rng.int(1, pages - 1) : -1;
  for (let i = 0; i < pages; i++) {
    if (i === loginAt && plan.customerId) {
      // The storefront's login switch returns to the page the shopper was on.
      emit('Customer_Identified', currentPath, { method: 'login' }, null, true);
      state.loggedIn = true;
    }
    if (i === addAt) {
      const collection = rng.pick(DEMO_COLLECTIONS);
      addToCart(rng.pick(productsInCollection(collection.handle)));
    } else {
      const path = viewPage(i === 0 ? landing : rng.weighted(PAGE_WEIGHTS));
      if (path.startsWith(STORE_PATHS.product('')) && rng.chance(UTURN_PER_PRODUCT_VIEW)) emit('Page_UTurned', path, { fromPath: path, dwellMs: rng.int(800, 6000) });
    }
  }
  if (!intends) {
    if (state.cart && rng.chance(VIEW_OLD_CART)) viewCart();
    return;
  }

  if (rng.chance(SECOND_ITEM)) addToCart(rng.pick(DEMO_PRODUCTS));
  const cart = state.cart!;
  if (rng.chance(VIEW_CART)) viewCart();
  if (cart.lines.length >= 2 && rng.chance(REMOVE_ITEM)) {
    const [removed] = cart.lines.splice(rng.int(0, cart.lines.length - 1), 1);
    emit('Cart_ItemRemoved', STORE_PATHS.cart, { ...productProperties(removed!.product), quantity: removed!.quantity, cartTotal: subtotalOf(cart.lines) });
  }
  if (!rng.chance(FUNNEL[device.device].startCheckout)) return;
  checkout(cart.lines);

  function checkout(lines: CartLine[]) {
    const token = rng.hex(32);
    const co = { token, identifier: Object.freeze({ kind: 'checkout', value: token }) satisfies Identifier };
    const price = priceOrder(subtotalOf(lines));
    emit('Page_Viewed', STORE_PATHS.checkout, PAGE_TYPE.checkout, co);
    emit('Checkout_Started', STORE_PATHS.checkout, { itemCount: itemCount(lines), total: price.total, currency: DEMO_CURRENCY }, co);
    dwell();
    if (!rng.chance(CHECKOUT_STEPS.contact)) return;
    emit('Checkout_ContactSubmitted', STORE_PATHS.checkout, { acceptsMarketing: plan.consent.marketing }, co, true);
    emit('Page_Viewed', STORE_PATHS.shipping, PAGE_TYPE.checkout, co, true);
    dwell();
    if (!rng.chance(CHECKOUT_STEPS.shipping)) return;
    emit('Checkout_ShippingSubmitted', STORE_PATHS.shipping, { shippingMethod: rng.weighted(SHIPPING_METHODS), countryCode: rng.weighted(COUNTRIES) }, co, true);
    emit('Page_Viewed', STORE_PATHS.payment, PAGE_TYPE.checkout, co, true);
    dwell();
    if (!rng.chance(CHECKOUT_STEPS.payment)) return;
    emit('Payment_Submitted', STORE_PATHS.payment, { paymentMethod: rng.weighted(PAYMENT_METHODS) }, co, true);
    t += 2000 + rng.int(0, 6000);
    if (!rng.chance(CHECKOUT_STEPS.complete)) return;
    shopper.orders += 1;
    emit('Page_Viewed', STORE_PATHS.thankYou, PAGE_TYPE.thankYou, co, true);
    emit('Checkout_Completed', STORE_PATHS.thankYou, {
      orderId: String(5_000_000_000_000 + plan.index * 1000 + shopper.orders),
      itemCount: itemCount(lines), total: price.total, currency: DEMO_CURRENCY, isFirstOrder: shopper.orders === 1,
      lineItems: lineItemsOf(lines),
    }, co, true);
    state.cart = null;
  }
}

// Shared, frozen property objects for the most frequent event (Page_Viewed).
const pageType = (type: string): Record<string, unknown> => Object.freeze({ pageType: type });
const PAGE_TYPE = {
  home: pageType('index'), // Liquid's request.page_type, as the app embed sends it
  collection: pageType('collection'), product: pageType('product'),
  search: pageType('search'), cart: pageType('cart'), checkout: pageType('checkout'), thankYou: pageType('thank_you'),
};
