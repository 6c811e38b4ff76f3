import { createSeededRandom } from '../../server/demo/create-seeded-random.js';
import { DEMO_CURRENCY, DEMO_PRODUCTS, STORE_PATHS } from '../../server/demo/demo-catalog.js';
import { productProperties } from '../../server/demo/demo-event-properties.js';
import type { Identifier } from '../../server/identity/identifier.js';
import type { StoredEvent } from '../../server/ingest/stored-event.js';
import type { BenchDevicePlan } from './plan-bench-shopper.js';
import { uuidV7At } from './simulate-bench-shopper.js';

/**
 * What the live phase sends, chosen so memberships move: a third product view in 7 days without a cart
 * enters high-intent browsers and a cart add leaves it; an order makes a first-time or repeat buyer (and
 * moves RFM); rage clicks raise the friction score into frustrated shoppers.
 */
const MIX = {
  Product_Viewed: 40, Page_Viewed: 25, Element_RageClicked: 12, Cart_ItemAdded: 10,
  Checkout_Completed: 4, Checkout_Started: 3, Element_DeadClicked: 3, Page_UTurned: 3,
} as const;

interface LiveShopper { device: BenchDevicePlan; sessionId: string; cart: { token: string; identifier: Identifier; total: number } | null }

/** Events of existing shoppers (their known visitor ids), one at a time, with the time given. Deterministic choices. */
export function createLiveEventSource(seed: number, shoppers: readonly BenchDevicePlan[]): (now: number) => StoredEvent {
  const rng = createSeededRandom(seed, 0x11fe);
  const state: LiveShopper[] = shoppers.map((device) => ({ device, sessionId: rng.uuid(), cart: null }));
  let orders = 0;
  return (now) => {
    const shopper = rng.pick(state);
    const name = rng.weighted(MIX);
    const product = rng.pick(DEMO_PRODUCTS);
    const identifiers: Identifier[] = [{ kind: 'visitor', value: shopper.device.visitorId }];
    let properties: Record<string, unknown> = {};
    let path: string = STORE_PATHS.product(product.handle);
    let checkoutToken: string | null = null;
    if (name === 'Product_Viewed') properties = productProperties(product);
    if (name === 'Page_Viewed') properties = { pageType: 'product' };
    if (name === 'Element_RageClicked') properties = { selector: '.product-gallery img', clicks: rng.int(3, 9) };
    if (name === 'Element_DeadClicked') properties = { selector: 'span.badge' };
    if (name === 'Page_UTurned') properties = { fromPath: path, dwellMs: rng.int(800, 6000) };
    if (name === 'Cart_ItemAdded') {
      if (!shopper.cart) {
        const token = rng.hex(32);
        shopper.cart = { token, identifier: { kind: 'cart', value: token }, total: 0 };
      }
      shopper.cart.total = Math.round((shopper.cart.total + product.price) * 100) / 100;
      properties = { ...productProperties(product), quantity: 1, cartTotal: shopper.cart.total };
    }
    if (name === 'Checkout_Started' || name === 'Checkout_Completed') {
      checkoutToken = rng.hex(32);
      identifiers.push({ kind: 'checkout', value: checkoutToken });
      path = name === 'Checkout_Started' ? STORE_PATHS.checkout : STORE_PATHS.thankYou;
      const total = shopper.cart?.total || product.price;
      properties = name === 'Checkout_Started'
        ? { itemCount: 1, total, currency: DEMO_CURRENCY }
        : { orderId: String(9_000_000_000_000 + ++orders), itemCount: 1, total, currency: DEMO_CURRENCY };
    }
    const cart = shopper.cart;
    if (cart) identifiers.push(cart.identifier);
    if (name === 'Checkout_Completed') shopper.cart = null;
    return {
      eventId: uuidV7At(now, rng), name, occurredAt: now, receivedAt: now, timeFlagged: false,
      visitorId: shopper.device.visitorId, sessionId: shopper.sessionId, cartToken: cart?.token ?? null, checkoutToken, identifiers,
      device: shopper.device.device, os: shopper.device.os, browser: shopper.device.browser, pagePath: path, referrerHost: null,
      properties, consent: { marketing: true, saleOfData: true, gpc: false }, source: 'storefront',
    };
  };
}
