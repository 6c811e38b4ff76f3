import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCheckoutPixel, PIXEL_BUNDLE_LIMIT_BYTES, type BuiltPixel } from '../../../extensions/checkout-pixel/build-checkout-pixel.js';
import { CHECKOUT_EVENTS, STOREFRONT_EVENTS, SUBSCRIBED_EVENTS } from '../../../extensions/checkout-pixel/src/pixel-event-names.js';
import { SESSION_KEY, SESSION_TTL_MS, VISITOR_KEY } from '../../../extensions/checkout-pixel/src/resolve-pixel-identity.js';
import { startTestApp, type TestApp } from '../../helpers/start-test-app.js';
import { GENEROUS_LIMITS, post, storedEvents } from '../../ingest/ingest-test-kit.js';
import { BUYER_EMAIL, CHECKOUT_TOKEN, CLIENT_ID, journeyEvents, registerInit } from './pixel-event-fixtures.js';
import { loadPixelBundle, settle } from './pixel-sandbox.js';

const VISITOR = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const SESSION = '0190a1b2-c3d4-7e5f-8a9b-000000000001';
const CHECKOUT_NAMES = ['Checkout_Started', 'Checkout_ContactSubmitted', 'Checkout_ShippingSubmitted', 'Checkout_ShippingSubmitted', 'Payment_Submitted', 'Checkout_Completed'];

describe('the built checkout pixel in a sandbox like Shopify’s', () => {
  let built: BuiltPixel;
  let t: TestApp;
  beforeAll(async () => {
    built = await buildCheckoutPixel({ write: false });
    t = await startTestApp({ env: GENEROUS_LIMITS });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(() => {
    t.db.exec('DELETE FROM events; DELETE FROM identifiers; DELETE FROM profiles; DELETE FROM ingest_counters');
  });

  const load = (options: { analytics?: boolean; storage?: Record<string, string>; fetchMode?: 'ok' | 'reject' | 'missing'; settings?: Record<string, unknown> } = {}) =>
    loadPixelBundle(built.code, {
      settings: options.settings ?? { collectorUrl: `${t.baseUrl}/collect`, ingestKey: t.shop.ingestKey, debug: 'false' },
      init: registerInit({ analytics: options.analytics ?? true, shop: t.shop.domain }),
      storage: options.storage,
      fetchMode: options.fetchMode,
    });
  const trackerStorage = () => ({
    [VISITOR_KEY]: JSON.stringify({ id: VISITOR, exp: Date.now() + 365 * 86_400_000 }),
    [SESSION_KEY]: JSON.stringify({ id: SESSION, exp: Date.now() + 10 * 60_000 }),
  });

  it('stays far below Shopify’s 128 KB bundle limit', () => {
    expect(built.raw).toBeLessThan(PIXEL_BUNDLE_LIMIT_BYTES);
    // Our own, much tighter guard: the pixel is ~10 KB; a jump means a library slipped into the bundle.
    expect(built.raw).toBeLessThan(32 * 1024);
    expect(built.gzip).toBeLessThan(built.raw);
  });

  it('registers on WebPixel::Render and subscribes to the 13 standard events', () => {
    const pixel = load();
    expect(pixel.extended).toEqual(['WebPixel::Render']);
    expect(pixel.subscribedNames().sort()).toEqual([...SUBSCRIBED_EVENTS].sort());
    expect(SUBSCRIBED_EVENTS).toHaveLength(13);
  });

  it('sends nothing and stores nothing without analytics consent, and starts without a reload once it is granted', async () => {
    const pixel = load({ analytics: false });
    const journey = journeyEvents(Date.now() - 60_000);
    pixel.emit(journey.page_viewed);
    pixel.emit(journey.checkout_completed);
    await pixel.flush();
    expect(pixel.sent).toEqual([]);
    expect(pixel.storage.size).toBe(0);

    pixel.changeConsent(true);
    pixel.emit(journey.checkout_started);
    await pixel.flush();
    expect(pixel.sent.flatMap((r) => r.body.events.map((e) => e.name))).toEqual(['Checkout_Started']);
    expect(pixel.sent[0]!.body.events[0]!.consent).toEqual({ analytics: true, marketing: false, preferences: true, saleOfData: true });

    // Withdrawn again: what waits is dropped, and nothing new is taken. (Checkout steps never wait: they
    // are sent at once, so a storefront event stands for what waits.)
    pixel.emit(journey.product_viewed);
    pixel.changeConsent(false);
    pixel.emit(journey.checkout_completed);
    await pixel.flush();
    expect(pixel.sent).toHaveLength(1);
  });

  it('leaves the storefront to an active theme tracker, joins its visitor and session, and the server stores it', async () => {
    const pixel = load({ storage: trackerStorage() });
    const journey = journeyEvents(Date.now() - 60_000);
    for (const name of SUBSCRIBED_EVENTS) pixel.emit(journey[name]);
    await pixel.flush();

    const events = pixel.sent.flatMap((r) => r.body.events);
    expect(events.map((e) => e.name)).toEqual(CHECKOUT_NAMES);
    for (const event of events) {
      expect(event).toMatchObject({ visitorId: VISITOR, sessionId: SESSION, clientId: CLIENT_ID, checkoutToken: CHECKOUT_TOKEN });
      expect(JSON.stringify(event.properties)).not.toContain('@');
    }
    const completed = events.find((e) => e.name === 'Checkout_Completed')!;
    expect(completed.email).toBe(BUYER_EMAIL);
    expect(completed.customerId).toBe('7391846');
    expect(completed.properties).toMatchObject({ orderId: '5001234567', total: 75.9, currency: 'EUR', isFirstOrder: true });

    const request = pixel.sent[0]!;
    expect(request).toMatchObject({ via: 'fetch', url: `${t.baseUrl}/collect` });
    expect(request.init).toMatchObject({ method: 'POST', keepalive: true, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(request.body).toMatchObject({ shop: t.shop.domain, key: t.shop.ingestKey, source: 'pixel' });
    // The tracker's session was slid forward; its visitor entry is the tracker's to keep.
    expect(JSON.parse(pixel.storage.get(SESSION_KEY)!)).toMatchObject({ id: SESSION });
    expect(JSON.parse(pixel.storage.get(SESSION_KEY)!).exp).toBeGreaterThan(Date.now() + SESSION_TTL_MS - 60_000);
    expect(pixel.consoleCalls).toEqual([]);

    // What the pixel posted, posted for real: the server accepts all of it and stores it as pixel events.
    let accepted = 0;
    for (const sent of pixel.sent) {
      const res = await post(`${t.baseUrl}/collect`, sent.raw, { raw: true });
      expect(res.status).toBe(202);
      expect(res.body.rejected).toEqual([]);
      accepted += res.body.accepted;
    }
    expect(accepted).toBe(CHECKOUT_NAMES.length);
    const rows = storedEvents(t.db);
    expect(rows.map((r) => r.name)).toEqual(CHECKOUT_NAMES);
    expect(new Set(rows.map((r) => `${r.source} ${r.visitor_id} ${r.device}`))).toEqual(new Set([`pixel ${VISITOR} mobile`]));
    const emails = t.db.prepare("SELECT value FROM identifiers WHERE kind = 'email'").pluck().all();
    expect(emails).toEqual(['ann.shopper@example.com']);
    expect(JSON.stringify(t.db.prepare('SELECT * FROM events').all())).not.toContain('ann.shopper');
  });

  it('captures everything itself when no tracker runs: Shopify’s client id as visitor, its own session in ss_sid', async () => {
    const pixel = load();
    const journey = journeyEvents(Date.now() - 60_000);
    pixel.emit(journey.page_viewed);
    pixel.emit(journey.product_viewed);
    expect(pixel.sent).toEqual([]);
    await pixel.flush();
    expect(pixel.sent).toHaveLength(1);
    const session = JSON.parse(pixel.storage.get(SESSION_KEY)!) as { id: string; exp: number };
    expect(session.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(pixel.storage.has(VISITOR_KEY)).toBe(false);
    expect(pixel.sent[0]!.body.events).toMatchObject([
      { name: 'Page_Viewed', visitorId: CLIENT_ID, sessionId: session.id },
      { name: 'Product_Viewed', visitorId: CLIENT_ID, sessionId: session.id },
    ]);

    // Each checkout step goes out at once (its page may be gone a second later), in the same session.
    for (const name of CHECKOUT_EVENTS.slice(0, 5)) pixel.emit(journey[name]);
    await settle();
    expect(pixel.sent.slice(1).map((r) => r.body.events.length)).toEqual([1, 1, 1, 1, 1]);
    const checkout = pixel.sent.slice(1).flatMap((r) => r.body.events);
    expect(new Set(checkout.map((e) => e.sessionId))).toEqual(new Set([session.id]));
    for (const request of pixel.sent.slice(1)) {
      const res = await post(`${t.baseUrl}/collect`, request.raw, { raw: true });
      expect(res.body).toMatchObject({ accepted: 1, rejected: [] });
    }

    // Ten waiting storefront events go out together, without waiting for the timer.
    const storefront = STOREFRONT_EVENTS.slice(2);
    for (const name of [...storefront, ...storefront]) pixel.emit(journey[name]);
    await settle();
    expect(pixel.sent).toHaveLength(7);
    expect(pixel.sent[6]!.body.events).toHaveLength(10);
  });

  it('falls back to sendBeacon when fetch fails or does not exist', async () => {
    for (const fetchMode of ['reject', 'missing'] as const) {
      const pixel = load({ fetchMode });
      pixel.emit(journeyEvents(Date.now()).checkout_completed);
      await pixel.flush();
      expect(pixel.sent.map((r) => [r.via, r.url]), fetchMode).toEqual([['beacon', `${t.baseUrl}/collect`]]);
      expect(pixel.sent[0]!.body.events.map((e) => e.name)).toEqual(['Checkout_Completed']);
    }
  });

  it('stays idle with unusable settings, never throws on odd payloads, and logs only in debug mode', async () => {
    for (const settings of [{}, { collectorUrl: 'not a url', ingestKey: 'k' }, { collectorUrl: `${t.baseUrl}/collect`, ingestKey: '' }]) {
      const idle = load({ settings });
      expect(idle.subscribedNames()).toEqual([]);
    }

    const pixel = load({ settings: { collectorUrl: `${t.baseUrl}/collect`, ingestKey: t.shop.ingestKey, debug: 'true' } });
    const journey = journeyEvents(Date.now());
    expect(() => {
      pixel.emit({ name: 'product_viewed' });
      pixel.emit({ ...journey.product_added_to_cart, data: null } as unknown as { name: string });
      pixel.emit({ ...journey.checkout_completed, context: undefined, data: { checkout: null } } as unknown as { name: string });
    }).not.toThrow();
    await pixel.flush();
    expect(pixel.sent.flatMap((r) => r.body.events.map((e) => e.name))).toEqual(['Checkout_Completed']);
    expect(pixel.consoleCalls.length).toBeGreaterThan(0);
    expect(pixel.consoleCalls.join('\n')).not.toMatch(/@|ann\.shopper/i);
  });
});
