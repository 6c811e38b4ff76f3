import { describe, expect, it } from 'vitest';
import { isbot } from 'isbot';
import type { PixelEvents } from '@shopify/web-pixels-extension';
import { consentOf, mapPixelEvent, type PixelIdentity } from '../../../extensions/checkout-pixel/src/map-pixel-event.js';
import { SUBSCRIBED_EVENTS, type SubscribedEventName, type SubscribedPixelEvent } from '../../../extensions/checkout-pixel/src/pixel-event-names.js';
import { parseUserAgent } from '../../../server/ingest/parse-user-agent.js';
import { processEvents, type ProcessContext } from '../../../server/ingest/process-events.js';
import type { WireEvent } from '../../../server/ingest/wire-event.js';
import {
  BUYER_EMAIL, CART_ID, CHECKOUT_TOKEN, CLIENT_ID, checkoutOf, journeyEvents, LINEN_SHIRT, lineItem, money, registerInit, SHOPIFY_EVENT_ID, STONEWARE_MUG,
} from './pixel-event-fixtures.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const JOURNEY = journeyEvents(NOW - 60_000);
const identity: PixelIdentity = {
  visitorId: 'visitor-9',
  sessionId: 'session-9',
  consent: consentOf(registerInit({ analytics: true }).customerPrivacy),
  customerId: null,
  cartToken: CART_ID,
  now: NOW,
};
// The server's own processing, exactly as /collect runs it for a pixel request.
const ctx: ProcessContext = {
  receivedAt: NOW,
  clockSkewMs: 86_400_000,
  source: 'pixel',
  verifiedCustomerId: null,
  headerUserAgent: undefined,
  describeDevice: parseUserAgent,
  isBot: isbot,
};

const LINEN = { productId: '8123000001', variantId: '44120000001', title: 'Linen shirt', sku: 'LIN-SH-M', vendor: 'Atelier Nord', productType: 'Shirts', price: 29.5, currency: 'EUR' };
const MUG = { productId: '8123000002', variantId: '44120000002', title: 'Stoneware mug', vendor: 'Atelier Nord', price: 12, currency: 'EUR' };
const TOTALS = { itemCount: 3, total: 75.9, currency: 'EUR' };

const EXPECTED: Record<SubscribedEventName, { name: string; properties: Record<string, unknown>; identifiers?: Record<string, string> }> = {
  page_viewed: { name: 'Page_Viewed', properties: { title: 'Demo shop' } },
  product_viewed: { name: 'Product_Viewed', properties: LINEN },
  collection_viewed: { name: 'Collection_Viewed', properties: { collectionId: '770001', title: 'Summer', productCount: 2 } },
  search_submitted: { name: 'Search_Submitted', properties: { query: 'linen shirt', resultCount: 1 } },
  product_added_to_cart: { name: 'Cart_ItemAdded', properties: { ...LINEN, quantity: 2 }, identifiers: { cart: 'Z2NwLWV1cm9wZS13ZXN0NDowMUhZ' } },
  product_removed_from_cart: { name: 'Cart_ItemRemoved', properties: { ...MUG, quantity: 1 }, identifiers: { cart: 'Z2NwLWV1cm9wZS13ZXN0NDowMUhZ' } },
  cart_viewed: { name: 'Cart_Viewed', properties: { itemCount: 3, total: 71, currency: 'EUR' }, identifiers: { cart: 'Z2NwLWV1cm9wZS13ZXN0NDowMUhZ' } },
  checkout_started: { name: 'Checkout_Started', properties: TOTALS, identifiers: { checkout: CHECKOUT_TOKEN } },
  checkout_contact_info_submitted: {
    name: 'Checkout_ContactSubmitted', properties: { acceptsMarketing: true }, identifiers: { checkout: CHECKOUT_TOKEN, email: 'ann.shopper@example.com' },
  },
  checkout_address_info_submitted: { name: 'Checkout_ShippingSubmitted', properties: { countryCode: 'DE' }, identifiers: { checkout: CHECKOUT_TOKEN } },
  checkout_shipping_info_submitted: {
    name: 'Checkout_ShippingSubmitted', properties: { shippingMethod: 'Standard', countryCode: 'DE' }, identifiers: { checkout: CHECKOUT_TOKEN },
  },
  payment_info_submitted: { name: 'Payment_Submitted', properties: { paymentMethod: 'creditCard' }, identifiers: { checkout: CHECKOUT_TOKEN } },
  checkout_completed: {
    name: 'Checkout_Completed',
    properties: {
      orderId: '5001234567',
      ...TOTALS,
      lineItems: [
        { productId: '8123000001', variantId: '44120000001', title: 'Linen shirt', quantity: 2, price: 29.5 },
        { productId: '8123000002', variantId: '44120000002', title: 'Stoneware mug', quantity: 1, price: 12 },
      ],
      isFirstOrder: true,
    },
    identifiers: { checkout: CHECKOUT_TOKEN, email: 'ann.shopper@example.com', customer: '7391846' },
  },
};

// The server keeps the query-string keys of a page URL, never the values.
const PATH_QUERY_KEYS: Partial<Record<SubscribedEventName, string>> = { page_viewed: '?utm_source', product_viewed: '?variant', search_submitted: '?q' };

const map = (event: SubscribedPixelEvent, overrides: Partial<PixelIdentity> = {}) => mapPixelEvent(event, { ...identity, ...overrides });

function processOne(wire: WireEvent | null) {
  expect(wire).not.toBeNull();
  // Through JSON, as on the wire.
  const out = processEvents([JSON.parse(JSON.stringify(wire))], ctx);
  expect(out.rejected).toEqual([]);
  expect(out.noConsent).toBe(0);
  return out.events[0]!;
}

describe('mapPixelEvent: every subscribed standard event, through the server’s own processing', () => {
  it('has an expectation for every subscribed event', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...SUBSCRIBED_EVENTS].sort());
  });

  for (const pixelName of SUBSCRIBED_EVENTS) {
    it(`${pixelName} → ${EXPECTED[pixelName].name}`, () => {
      const event = JOURNEY[pixelName];
      const stored = processOne(map(event));
      const expected = EXPECTED[pixelName];
      expect(stored.name).toBe(expected.name);
      expect(stored.properties).toEqual(expected.properties);
      expect(stored).toMatchObject({
        occurredAt: Date.parse(event.timestamp),
        timeFlagged: false,
        visitorId: 'visitor-9',
        sessionId: 'session-9',
        device: 'mobile',
        os: 'iOS',
        browser: 'Safari',
        referrerHost: 'www.google.com',
        consent: { marketing: false, saleOfData: true, gpc: false },
        source: 'pixel',
      });
      expect(stored.pagePath).toBe(event.context.document.location.pathname + (PATH_QUERY_KEYS[pixelName] ?? ''));
      const identifiers = Object.fromEntries(stored.identifiers.map((i) => [i.kind, i.value]));
      expect(identifiers).toEqual({ visitor: 'visitor-9', client: CLIENT_ID, ...expected.identifiers });
      // Emails travel only as identifiers, never in properties.
      expect(JSON.stringify(stored.properties)).not.toContain('@');
    });
  }

  it('puts the buyer’s email at the top level of checkout_completed, with the order id and customer id', () => {
    const wire = map(JOURNEY.checkout_completed)!;
    expect(wire.email).toBe(BUYER_EMAIL);
    expect(wire.customerId).toBe('7391846');
    expect(wire.checkoutToken).toBe(CHECKOUT_TOKEN);
    expect(wire.properties).toMatchObject({ orderId: '5001234567', isFirstOrder: true });
    expect(JSON.stringify(wire.properties)).not.toContain(BUYER_EMAIL);
    expect(wire.context).toEqual({
      url: `https://demo-shop.myshopify.com/checkouts/cn/${CHECKOUT_TOKEN}/thank-you`,
      referrer: 'https://www.google.com/search?q=linen+shirt',
      viewport: { w: 390, h: 844 },
      userAgent: JOURNEY.checkout_completed.context.navigator.userAgent,
    });
    expect(wire.ts).toBe(JOURNEY.checkout_completed.timestamp);
  });

  it('sends the logged-in customer from init on every event, and prefers the order’s customer on checkout_completed', () => {
    expect(map(JOURNEY.product_viewed, { customerId: 'gid://shopify/Customer/42' })!.customerId).toBe('42');
    expect(map(JOURNEY.checkout_completed, { customerId: '42' })!.customerId).toBe('7391846');
    expect(map(JOURNEY.product_viewed, { customerId: 'not-a-customer' })!.customerId).toBeUndefined();
  });

  it('is not stored without analytics consent (the server drops it as no_consent)', () => {
    const wire = map(JOURNEY.page_viewed, { consent: consentOf({ analyticsProcessingAllowed: false, marketingAllowed: true, preferencesProcessingAllowed: true, saleOfDataAllowed: true }) });
    expect(wire!.consent).toEqual({ analytics: false, marketing: true, preferences: true, saleOfData: true });
    const out = processEvents([wire], ctx);
    expect(out).toMatchObject({ events: [], rejected: [], noConsent: 1 });
  });
});

describe('mapPixelEvent: event ids', () => {
  it('turns Shopify’s non-UUID ids into the same UUID every time, and different ids into different UUIDs', () => {
    const event = { ...JOURNEY.page_viewed, id: SHOPIFY_EVENT_ID };
    const a = map(event)!.id;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(map({ ...event, timestamp: new Date(NOW).toISOString() })!.id).toBe(a);
    expect(map({ ...event, id: `${SHOPIFY_EVENT_ID}x` })!.id).not.toBe(a);
    // Pinned: a change of the derivation would make retries across a deploy look like new events.
    expect(a).toBe('2353caf1-e3fc-8106-8903-ab19905df09c');
  });

  it('keeps an id that already is a UUID (lower-cased)', () => {
    const id = '0B6F8F43-6A55-4F1E-9D2A-6D0D7F7F9A11';
    expect(map({ ...JOURNEY.page_viewed, id })!.id).toBe(id.toLowerCase());
  });

  it('gives the server one stored event for a re-sent pixel event', () => {
    const first = map(JOURNEY.product_viewed)!;
    const again = map(JOURNEY.product_viewed, { sessionId: 'session-10' })!;
    const out = processEvents([first, again], ctx);
    expect(out.events.map((e) => e.eventId)).toEqual([first.id, first.id]);
  });
});

describe('mapPixelEvent: bounds and missing data', () => {
  it('returns null when the catalog’s required fields are missing', () => {
    const added = JOURNEY.product_added_to_cart;
    expect(map({ ...added, data: { cartLine: null } })).toBeNull();
    expect(map({ ...added, data: { cartLine: { ...added.data.cartLine!, quantity: 0 } } })).toBeNull();
    expect(map({ ...added, data: { cartLine: { ...added.data.cartLine!, merchandise: { ...LINEN_SHIRT, product: { ...LINEN_SHIRT.product, id: null } } } } })).toBeNull();
    expect(map({ ...JOURNEY.product_viewed, data: { productVariant: { ...LINEN_SHIRT, product: { ...LINEN_SHIRT.product, id: null } } } })).toBeNull();
  });

  it('still sends an empty cart view and a checkout without an order', () => {
    const emptyCart: PixelEvents['cart_viewed'] = { ...JOURNEY.cart_viewed, data: { cart: null } };
    expect(processOne(map(emptyCart, { cartToken: null })).properties).toEqual({});
    const bare = checkoutOf({ order: null, email: null, token: null, totalPrice: null, currencyCode: null, lineItems: [] });
    const stored = processOne(map({ ...JOURNEY.checkout_completed, data: { checkout: bare } }));
    expect(stored.properties).toEqual({ itemCount: 0 });
    expect(stored.checkoutToken).toBeNull();
  });

  it('keeps at most 50 line items, skips lines without a product, and clamps what the catalog bounds', () => {
    const many = Array.from({ length: 60 }, (_, i) => lineItem({ ...STONEWARE_MUG, id: String(5000 + i) }, 1, i));
    const noProduct = { ...lineItem(STONEWARE_MUG, 1), variant: null };
    const huge = lineItem({ ...LINEN_SHIRT, product: { ...LINEN_SHIRT.product, title: 'T'.repeat(400) } }, 20_000);
    const checkout = checkoutOf({ lineItems: [noProduct, huge, ...many], totalPrice: money(-5), currencyCode: 'eur' });
    const stored = processOne(map({ ...JOURNEY.checkout_completed, data: { checkout: { ...checkout, order: { id: '5001', customer: null } } } }));
    const items = stored.properties.lineItems as Array<Record<string, unknown>>;
    expect(items).toHaveLength(50);
    expect(items[0]).toEqual({ productId: '8123000001', variantId: '44120000001', title: 'T'.repeat(256), quantity: 10_000, price: 29.5 });
    expect(stored.properties).toMatchObject({ orderId: '5001', itemCount: 10_000 + 1 + 60 });
    expect(stored.properties.total).toBeUndefined();
    // 'eur' is not an ISO code; the total price's currency code is the fallback.
    expect(stored.properties.currency).toBe('EUR');
  });

  it('cuts long text and leaves out what does not fit instead of losing the event', () => {
    const longQuery = `${'linen '.repeat(60)}`;
    const search = map({ ...JOURNEY.search_submitted, data: { searchResult: { query: longQuery, productVariants: [] } } });
    expect(processOne(search).properties).toEqual({ query: longQuery.trim().slice(0, 256), resultCount: 0 });

    const context = JOURNEY.page_viewed.context;
    const odd = map({
      ...JOURNEY.page_viewed,
      clientId: 'has spaces in it',
      timestamp: 'yesterday',
      context: {
        ...context,
        document: { ...context.document, location: { ...context.document.location, href: `https://demo-shop.myshopify.com/${'a'.repeat(3000)}` }, referrer: '' },
        window: { ...context.window, innerWidth: 1e9 },
      },
    })!;
    expect(odd.clientId).toBeUndefined();
    expect(odd.ts).toBe(new Date(NOW).toISOString());
    expect(odd.context?.url).toHaveLength(2048);
    expect(odd.context?.referrer).toBeUndefined();
    expect(odd.context?.viewport).toEqual({ w: 100_000, h: 844 });
    processOne(odd);

    const longEmail = `${'a'.repeat(250)}@example.com`;
    const contact = map({ ...JOURNEY.checkout_contact_info_submitted, data: { checkout: checkoutOf({ email: longEmail }) } })!;
    expect(contact.email).toBeUndefined();
    processOne(contact);
  });

  it('reads the shipping method from the first selected delivery option, and the country only when it is an ISO code', () => {
    const pickup = checkoutOf({
      delivery: { selectedDeliveryOptions: [{ cost: null, costAfterDiscounts: null, description: null, handle: 'x', title: null, type: 'pickup' }] },
      shippingAddress: null,
    });
    expect(processOne(map({ ...JOURNEY.checkout_shipping_info_submitted, data: { checkout: pickup } })).properties).toEqual({ shippingMethod: 'pickup' });
    const lower = checkoutOf({ shippingAddress: { ...checkoutOf().shippingAddress!, countryCode: 'de' } });
    expect(processOne(map({ ...JOURNEY.checkout_address_info_submitted, data: { checkout: lower } })).properties).toEqual({});
  });

  it('falls back to the gateway when a transaction has no payment method type', () => {
    const checkout = checkoutOf({ transactions: [{ amount: money(1), gateway: 'paypal', paymentMethod: { name: 'PayPal', type: undefined as unknown as string } }] });
    expect(processOne(map({ ...JOURNEY.payment_info_submitted, data: { checkout } })).properties).toEqual({ paymentMethod: 'paypal' });
    expect(processOne(map({ ...JOURNEY.payment_info_submitted, data: { checkout: checkoutOf() } })).properties).toEqual({});
  });
});
