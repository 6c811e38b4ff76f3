import { describe, expect, it } from 'vitest';
import { isbot } from 'isbot';
import { consentOf, mapPixelEvent, type PixelIdentity } from '../../extensions/checkout-pixel/src/map-pixel-event.js';
import type { SubscribedPixelEvent } from '../../extensions/checkout-pixel/src/pixel-event-names.js';
import { collectionByHandle, productByHandle } from '../../server/demo/demo-catalog.js';
import { DEMO_LOGIN_CUSTOMERS } from '../../server/demo/demo-customers.js';
import type { CheckoutDetails, PendingPixelEvent } from '../../server/demo/store/demo-store-cookies.js';
import {
  completePixelEvent, pixelPageData, type DemoPixelEventName, type PixelEventDraft, type PixelPageFacts,
} from '../../server/demo/store/pixel-events.js';
import type { DemoCheckout } from '../../server/demo/store/pixel-objects.js';
import { parseUserAgent } from '../../server/ingest/parse-user-agent.js';
import { processEvents, type ProcessContext } from '../../server/ingest/process-events.js';
import { contextAt, registerInit } from '../extensions/checkout-pixel/pixel-event-fixtures.js';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const kenya = productByHandle('kenya-nyeri')!;
const kettle = productByHandle('gooseneck-kettle')!;
const CART_TOKEN = '0123456789abcdef0123456789abcdef';
const CHECKOUT_TOKEN = 'fedcba9876543210fedcba9876543210';
const CLIENT_ID = '5b0f6c1e-3d0a-4c39-9a53-0f4c7d1f2e11';
const LINES = [{ product: kenya, quantity: 2 }, { product: kettle, quantity: 1 }];
const DETAILS: CheckoutDetails = { email: 'Buyer@Example.com', acceptsMarketing: true, countryCode: 'DE', shippingMethod: 'express', paymentMethod: 'card' };
const customer = DEMO_LOGIN_CUSTOMERS[0]!;

const facts = (view: PixelPageFacts['view'], pending: PendingPixelEvent[] = []): PixelPageFacts => ({
  origin: 'http://localhost:3000',
  shop: 'demo-shop.myshopify.com',
  ingestKey: 'demo-ingest-key',
  customer: null,
  cart: LINES,
  cartToken: CART_TOKEN,
  pending,
  view,
});
const openCheckout: DemoCheckout = { token: CHECKOUT_TOKEN, lines: LINES, details: DETAILS };

/** Every page kind of the demo, with what each announces: together they publish every event the demo knows. */
const PAGES: Record<string, PixelPageFacts> = {
  product: facts({ kind: 'storefront', pageType: 'product', product: kenya }),
  collection: facts({ kind: 'storefront', pageType: 'collection', collection: collectionByHandle('brewing')! }),
  search: facts({ kind: 'storefront', pageType: 'search', search: { terms: 'kenya' } }),
  cart: facts({ kind: 'storefront', pageType: 'cart' }, [{ kind: 'added', variantId: kettle.variantId, quantity: 1 }]),
  contact: facts({ kind: 'checkout', checkout: { ...openCheckout, details: {} }, started: true }),
  shipping: facts({ kind: 'checkout', checkout: openCheckout, started: false }, [{ kind: 'contact' }]),
  payment: facts({ kind: 'checkout', checkout: openCheckout, started: false }, [{ kind: 'address' }, { kind: 'shipping' }]),
  thankYou: facts({ kind: 'checkout', checkout: { ...openCheckout, order: { id: '6000000000123', customerId: customer.id } }, started: false }, [{ kind: 'payment' }]),
};

const EXPECTED: Record<DemoPixelEventName, { name: string; properties: Record<string, unknown>; identifiers?: Record<string, string> }> = {
  page_viewed: { name: 'Page_Viewed', properties: { title: 'Page' } },
  product_viewed: {
    name: 'Product_Viewed',
    properties: { productId: kenya.id, variantId: kenya.variantId, title: kenya.title, vendor: 'Demo Roastery', productType: 'Coffee', price: 16.9, currency: 'EUR' },
  },
  collection_viewed: { name: 'Collection_Viewed', properties: { collectionId: '480003', title: 'Brewing gear', productCount: 5 } },
  search_submitted: { name: 'Search_Submitted', properties: { query: 'kenya', resultCount: 1 } },
  cart_viewed: { name: 'Cart_Viewed', properties: { itemCount: 3, total: 92.8, currency: 'EUR' }, identifiers: { cart: CART_TOKEN } },
  product_added_to_cart: {
    name: 'Cart_ItemAdded',
    properties: { productId: kettle.id, variantId: kettle.variantId, title: kettle.title, vendor: 'Demo Roastery', productType: 'Brewing gear', price: 59, currency: 'EUR', quantity: 1 },
    identifiers: { cart: CART_TOKEN },
  },
  checkout_started: { name: 'Checkout_Started', properties: { itemCount: 3, total: 92.8, currency: 'EUR' }, identifiers: { checkout: CHECKOUT_TOKEN } },
  checkout_contact_info_submitted: {
    name: 'Checkout_ContactSubmitted', properties: { acceptsMarketing: true }, identifiers: { checkout: CHECKOUT_TOKEN, email: 'buyer@example.com' },
  },
  checkout_address_info_submitted: { name: 'Checkout_ShippingSubmitted', properties: { countryCode: 'DE' }, identifiers: { checkout: CHECKOUT_TOKEN } },
  checkout_shipping_info_submitted: {
    name: 'Checkout_ShippingSubmitted', properties: { shippingMethod: 'Express', countryCode: 'DE' }, identifiers: { checkout: CHECKOUT_TOKEN },
  },
  payment_info_submitted: { name: 'Payment_Submitted', properties: { paymentMethod: 'creditCard' }, identifiers: { checkout: CHECKOUT_TOKEN } },
  checkout_completed: {
    name: 'Checkout_Completed',
    properties: {
      orderId: '6000000000123', itemCount: 3, total: 92.8, currency: 'EUR',
      lineItems: [
        { productId: kenya.id, variantId: kenya.variantId, title: kenya.title, quantity: 2, price: 16.9 },
        { productId: kettle.id, variantId: kettle.variantId, title: kettle.title, quantity: 1, price: 59 },
      ],
    },
    identifiers: { checkout: CHECKOUT_TOKEN, email: 'buyer@example.com', customer: customer.id },
  },
};

// The server's own processing, as /collect runs it for a pixel request.
const ctx: ProcessContext = {
  receivedAt: NOW, clockSkewMs: 86_400_000, source: 'pixel', verifiedCustomerId: null, headerUserAgent: undefined, describeDevice: parseUserAgent, isBot: isbot,
};
const identity: PixelIdentity = {
  visitorId: 'visitor-1', sessionId: 'session-1', consent: consentOf(registerInit({ analytics: true }).customerPrivacy), customerId: null, cartToken: null, now: NOW,
};

/** What pixel-host.js does with a draft, then what the pixel does with the event, then what the server stores. */
function throughThePixel(draft: PixelEventDraft, pageFacts: PixelPageFacts, seq: number) {
  // Through JSON first: the drafts travel in the page's data block.
  const event = completePixelEvent(JSON.parse(JSON.stringify(draft)) as PixelEventDraft, {
    id: `0b6f8f43-6a55-4f1e-9d2a-6d0d7f7f9a${String(seq).padStart(2, '0')}`,
    clientId: CLIENT_ID,
    timestamp: new Date(NOW - 60_000 + seq * 1000).toISOString(),
    seq,
    context: contextAt('http://localhost:3000/demo/store/page', 'Page'),
  });
  const cartToken = pageFacts.cartToken ? `gid://shopify/Cart/${pageFacts.cartToken}` : null;
  const wire = mapPixelEvent(event as SubscribedPixelEvent, { ...identity, cartToken });
  expect(wire, draft.name).not.toBeNull();
  const out = processEvents([JSON.parse(JSON.stringify(wire))], ctx);
  expect(out.rejected, draft.name).toEqual([]);
  return { event, wire: wire!, stored: out.events[0]! };
}

describe('pixelPageData: the standard events demo pages publish, through the real pixel mapping and the server', () => {
  const published = Object.values(PAGES).flatMap((page) => pixelPageData(page).events.map((draft) => ({ draft, page })));

  it('publishes every event the demo knows', () => {
    expect(new Set(published.map((p) => p.draft.name))).toEqual(new Set(Object.keys(EXPECTED)));
  });

  published.forEach(({ draft, page }, seq) => {
    it(`${draft.name} → ${EXPECTED[draft.name].name}`, () => {
      const { event, stored } = throughThePixel(draft, page, seq);
      const expected = EXPECTED[draft.name];
      expect(event).toMatchObject({ name: draft.name, type: 'standard', clientId: CLIENT_ID, seq });
      expect(stored.name).toBe(expected.name);
      if (draft.name !== 'page_viewed') expect(stored.properties).toEqual(expected.properties);
      expect(stored).toMatchObject({ visitorId: 'visitor-1', source: 'pixel', pagePath: '/demo/store/page' });
      const identifiers = Object.fromEntries(stored.identifiers.map((i) => [i.kind, i.value]));
      expect(identifiers).toEqual({ visitor: 'visitor-1', client: CLIENT_ID, ...expected.identifiers });
      // The email travels only as an identifier.
      expect(JSON.stringify(stored.properties)).not.toContain('@');
    });
  });

  it('puts the buyer’s email at the top level of the contact step and the completed checkout only', () => {
    const emails = published.map(({ draft, page }, seq) => [draft.name, throughThePixel(draft, page, seq).wire.email]);
    expect(emails.filter(([, email]) => email !== undefined)).toEqual([
      ['checkout_contact_info_submitted', DETAILS.email],
      ['checkout_completed', DETAILS.email],
    ]);
  });
});

describe('pixelPageData: what a page tells the host', () => {
  it('gives the pixel its settings and init for this server and shop, with the logged-in customer', () => {
    const data = pixelPageData({ ...facts({ kind: 'storefront', pageType: 'index' }), customer });
    expect(data.settings).toEqual({ collectorUrl: 'http://localhost:3000/collect', ingestKey: 'demo-ingest-key', debug: 'false' });
    expect(data.worker).toBe('/demo/store/assets/pixel-worker.js');
    expect(data.bundle).toBe('/demo/store/ext/checkout-pixel/checkout-pixel.js');
    expect(data.init.data).toMatchObject({
      customer: { id: customer.id },
      cart: { id: `gid://shopify/Cart/${CART_TOKEN}`, totalQuantity: 3, cost: { totalAmount: { amount: 92.8, currencyCode: 'EUR' } } },
      shop: { myshopifyDomain: 'demo-shop.myshopify.com', storefrontUrl: 'http://localhost:3000/demo/store', paymentSettings: { currencyCode: 'EUR' } },
      purchasingCompany: null,
    });
    expect(data.events).toEqual([{ name: 'page_viewed', data: {} }]);
    expect(pixelPageData({ ...facts({ kind: 'storefront', pageType: 'index' }), cart: [], cartToken: null }).init.data.cart).toBeNull();
  });

  it('tells what happened before the page first, in order, and a checkout step only on a checkout page', () => {
    const pending: PendingPixelEvent[] = [{ kind: 'added', variantId: kenya.variantId, quantity: 2 }, { kind: 'contact' }, { kind: 'added', variantId: '1', quantity: 1 }];
    expect(pixelPageData(facts({ kind: 'storefront', pageType: 'cart' }, pending)).events.map((e) => e.name))
      .toEqual(['product_added_to_cart', 'page_viewed', 'cart_viewed']);
    expect(pixelPageData(facts({ kind: 'checkout', checkout: openCheckout, started: false }, pending)).events.map((e) => e.name))
      .toEqual(['product_added_to_cart', 'checkout_contact_info_submitted', 'page_viewed']);
    // A thank-you page without an order has no checkout to tell of.
    expect(pixelPageData(facts({ kind: 'checkout', checkout: null, started: false }, [{ kind: 'payment' }])).events.map((e) => e.name)).toEqual(['page_viewed']);
  });

  it('shows the order only on checkout_completed, and nothing of the address but its country', () => {
    const data = PAGES.thankYou!;
    const [payment, , completed] = pixelPageData(data).events;
    expect(payment).toMatchObject({ name: 'payment_info_submitted', data: { checkout: { order: null, transactions: [{ gateway: 'shopify_payments' }] } } });
    expect(completed).toMatchObject({
      name: 'checkout_completed',
      data: { checkout: { order: { id: 'gid://shopify/OrderIdentity/6000000000123', customer: { id: `gid://shopify/Customer/${customer.id}` } } } },
    });
    const { shippingAddress } = (completed as Extract<PixelEventDraft, { name: 'checkout_completed' }>).data.checkout;
    expect(Object.entries(shippingAddress!).filter(([, v]) => v !== null)).toEqual([['country', 'Germany'], ['countryCode', 'DE']]);
  });

  it('is pure: the same facts give the same data', () => {
    for (const page of Object.values(PAGES)) expect(pixelPageData(page)).toEqual(pixelPageData(page));
  });
});
