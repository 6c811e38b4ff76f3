import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isbot } from 'isbot';
import { EVENT_CATALOG, type EventProperties, type KnownEventName } from '../../server/ingest/event-catalog.js';
import { parseUserAgent } from '../../server/ingest/parse-user-agent.js';
import { processEvents, type ProcessContext } from '../../server/ingest/process-events.js';
import { COLLECT_ENVELOPE, checkMediaType, parseCollectBody } from '../../server/ingest/parse-collect-body.js';
import type { AppError } from '../../server/errors.js';

const NOW = Date.parse('2025-03-01T10:00:00Z');
const ctx: ProcessContext = {
  receivedAt: NOW,
  clockSkewMs: 86_400_000,
  source: 'storefront',
  verifiedCustomerId: null,
  headerUserAgent: undefined,
  describeDevice: parseUserAgent,
  isBot: isbot,
};

const event = (name: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: randomUUID(), name, ts: new Date(NOW - 5000).toISOString(), visitorId: 'v1', sessionId: 's1', properties,
  consent: { analytics: true }, ...extra,
});

// One valid example per client event; the catalog test below fails when an event is added without one.
const EXAMPLES: { [N in KnownEventName]?: EventProperties<N> } = {
  Page_Viewed: { title: 'Home', pageType: 'home' },
  Product_Viewed: { productId: '8123', variantId: 4412, title: 'Linen shirt', price: 29.5, currency: 'USD' },
  Collection_Viewed: { collectionId: '77', title: 'Summer', productCount: 24 },
  Search_Submitted: { query: 'linen', resultCount: 3 },
  Cart_Viewed: { itemCount: 2, total: 59, currency: 'EUR' },
  Cart_ItemAdded: { productId: '8123', quantity: 1, price: 29.5, currency: 'USD' },
  Cart_ItemRemoved: { productId: '8123', quantity: 1 },
  Cart_Updated: { before: [], after: [{ variant_id: 44, product_id: 8123, quantity: 1, price: 1450 }], currency: 'EUR' },
  Checkout_Started: { itemCount: 2, total: 59, currency: 'EUR' },
  Checkout_ContactSubmitted: { acceptsMarketing: false },
  Checkout_ShippingSubmitted: { shippingMethod: 'Standard', countryCode: 'DE' },
  Payment_Submitted: { paymentMethod: 'card' },
  Checkout_Completed: { orderId: '5001', total: 59, currency: 'EUR', itemCount: 2, isFirstOrder: true },
  Customer_Identified: { method: 'login' },
  Element_RageClicked: { selector: 'button.add-to-cart', clicks: 5 },
  Element_DeadClicked: { selector: 'img.hero' },
  Page_UTurned: { fromPath: '/products/a', dwellMs: 1800 },
};

describe('the event catalog through processEvents', () => {
  it('accepts an example of every client event and refuses every server-derived one', () => {
    for (const [name, entry] of Object.entries(EVENT_CATALOG)) {
      const example = EXAMPLES[name as KnownEventName];
      if (entry.origin === 'client') {
        expect(example, `add an example for ${name}`).toBeDefined();
        const out = processEvents([event(name, example as Record<string, unknown>)], ctx);
        expect(out.rejected, name).toEqual([]);
        // A cart observation is stored as the change it stands for.
        expect(out.events[0]?.name).toBe(name === 'Cart_Updated' ? 'Cart_ItemAdded' : name);
      } else {
        const out = processEvents([event(name, {})], ctx);
        expect(out.rejected[0]?.code, name).toBe('reserved_event_name');
      }
    }
  });

  it('enforces property bounds', () => {
    const bad: Array<[string, Record<string, unknown>]> = [
      ['Page_Viewed', { title: 'x'.repeat(257) }],
      ['Product_Viewed', { productId: '1', price: JSON.parse('1e999') }],
      ['Product_Viewed', { productId: '1', price: -1 }],
      ['Product_Viewed', { productId: '1', currency: 'usd' }],
      ['Cart_ItemAdded', { productId: '1', quantity: 0 }],
      ['Search_Submitted', {}],
      ['Element_RageClicked', { selector: 'a', clicks: 2.5 }],
      ['Custom_Thing', { list: Array.from({ length: 51 }, () => 1) }],
      ['Custom_Thing', Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, i]))],
      ['Custom_Thing', { 'bad key': 1 }],
      ['Custom_Thing', { nested: { a: 1 } }],
    ];
    for (const [name, properties] of bad) {
      const out = processEvents([event(name, properties)], ctx);
      expect(out.rejected[0]?.code, `${name} ${JSON.stringify(properties).slice(0, 80)}`).toBe('invalid_properties');
    }
  });

  it('reduces a page address in properties like the page URL', () => {
    const out = processEvents([event('Page_UTurned', { fromPath: 'https://shop.example/products/a?ref=jane&x=1', dwellMs: 900 })], ctx);
    expect(out.events[0]?.properties).toEqual({ fromPath: '/products/a?ref&x', dwellMs: 900 });
  });

  it('drops unknown properties of known events instead of failing them', () => {
    const out = processEvents([event('Page_Viewed', { title: 'Home', surprise: 1 })], ctx);
    expect(out.events[0]?.properties).toEqual({ title: 'Home' });
  });

  it('bounds the event fields themselves', () => {
    const bad = [
      { visitorId: 'v'.repeat(65) },
      { sessionId: '' },
      { visitorId: 'has space' },
      { cartToken: 't'.repeat(257) },
      { customerId: 'abc' },
      { context: { url: `https://x.com/${'a'.repeat(2048)}` } },
      { context: { viewport: { w: -1, h: 10 } } },
      { consent: { analytics: 'yes' } },
    ];
    for (const extra of bad) {
      const out = processEvents([event('Page_Viewed', {}, extra)], ctx);
      expect(out.rejected[0]?.code, JSON.stringify(extra).slice(0, 60)).toBe('invalid_event');
    }
  });

  it('normalizes identifiers: GID customer ids, trimmed lower-case emails, and drops a malformed email', () => {
    const [ok, typo] = processEvents([
      event('Customer_Identified', {}, { customerId: 'gid://shopify/Customer/42', email: ' Ann@Example.COM ' }),
      event('Customer_Identified', {}, { email: 'not an email' }),
    ], ctx).events;
    expect(ok?.identifiers).toEqual([{ kind: 'visitor', value: 'v1' }, { kind: 'email', value: 'ann@example.com' }, { kind: 'customer', value: '42' }]);
    expect(typo?.identifiers).toEqual([{ kind: 'visitor', value: 'v1' }]);
  });
});

describe('collect body parsing', () => {
  it('tells malformed JSON, too many events and a bad envelope apart', () => {
    const code = (text: string) => (parseCollectBody(text, COLLECT_ENVELOPE, 100) as AppError).code;
    expect(code('{')).toBe('malformed_json');
    expect(code(JSON.stringify({ events: Array.from({ length: 101 }, () => ({})) }))).toBe('too_many_events');
    expect(code(JSON.stringify({ shop: 'x.myshopify.com', events: [] }))).toBe('invalid_request');
    expect(parseCollectBody(JSON.stringify({ shop: 'x.myshopify.com', key: 'k', events: [] }), COLLECT_ENVELOPE, 100)).toEqual({ shop: 'x.myshopify.com', key: 'k', events: [] });
  });

  it('takes JSON and plain text in UTF-8 only', () => {
    expect(checkMediaType({ 'content-type': 'text/plain;charset=UTF-8' })).toBeNull();
    expect(checkMediaType({ 'content-type': 'application/json' })).toBeNull();
    expect(checkMediaType({})?.code).toBe('unsupported_media_type');
    expect(checkMediaType({ 'content-type': 'text/plain; charset=iso-8859-1' })?.code).toBe('unsupported_media_type');
    expect(checkMediaType({ 'content-type': 'application/json', 'content-encoding': 'br' })?.code).toBe('unsupported_media_type');
  });
});
