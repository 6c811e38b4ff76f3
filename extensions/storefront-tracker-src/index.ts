/**
 * The storefront tracker (theme app embed). Sends the page view events Liquid printed, cart changes,
 * logins and friction through the app proxy, with a visitor and a session id, and only with analytics
 * consent. Budget: ≤ 2,048 bytes gzipped (test/extensions/storefront-tracker/tracker-build.test.ts).
 */
import type { CommonFields } from '../../server/ingest/wire-event.js';
import { diffCarts, lineEvent, requestedQuantities, type CartJson, type CartLineJson } from './cart-json.js';
import { readConsent, shopify, watchConsent } from './consent.js';
import { observeCartCalls } from './observe-cart-calls.js';
import { safe } from './safe.js';
import { sendEvents } from './send-events.js';
import { touch } from './storage.js';
import { FLUSH_AT, FLUSH_MS, MAX_WAITING, SESSION_TTL_MS, U_TURN_MS, VISITOR_TTL_MS } from './thresholds.js';
import type { TrackerConfig } from './tracker-config.js';
import { uuidV7 } from './uuid-v7.js';
import { watchClicks } from './watch-clicks.js';

interface Waiting { id: string; name: string; ts: string; properties: Record<string, unknown> }

function start(config: TrackerConfig): void {
  let waiting: Waiting[] = [];
  let consent = readConsent();
  let arrived = Date.now();
  let cart: CartJson | undefined;
  let cartRequest: Promise<unknown> | undefined;
  let cartToken: string | undefined;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  let started = false;

  const flush = safe((leaving?: boolean) => {
    clearTimeout(timer);
    timer = 0;
    if (!consent.analytics || !waiting.length) return;
    const { customerId } = config;
    const visitor = touch('ss_vid', VISITOR_TTL_MS);
    let session = touch('ss_sid', SESSION_TTL_MS, cartToken ? { t: cartToken } : {});
    if (customerId && session.c !== customerId) {
      session = touch('ss_sid', SESSION_TTL_MS, { c: customerId });
      waiting.unshift(event('Customer_Identified', {}));
    }
    const common: CommonFields = {
      visitorId: visitor.id,
      sessionId: session.id,
      customerId,
      clientId: /(?:^|;\s*)_shopify_y=([^;]+)/.exec(document.cookie)?.[1],
      cartToken: session.t,
      consent,
      context: { url: location.href, referrer: document.referrer || undefined, viewport: { w: innerWidth, h: innerHeight }, touch: navigator.maxTouchPoints > 0, userAgent: navigator.userAgent },
    };
    // eslint-disable-next-line no-console -- the one console output, only with the embed's debug setting on
    if (config.debug) console.debug('[segments]', common, waiting);
    sendEvents(common, waiting, !!leaving);
    waiting = [];
  });
  const event = (name: string, properties: Record<string, unknown>): Waiting => ({ id: uuidV7(), name, ts: new Date().toISOString(), properties });
  const track = (name: string, properties: Record<string, unknown>) => {
    if (waiting.length < MAX_WAITING) waiting.push(event(name, properties));
    if (waiting.length >= FLUSH_AT) flush();
    else timer ||= setTimeout(flush, FLUSH_MS);
  };

  // The cart as Shopify has it: fetched at most once per page, and only once a cart event needs it.
  const learn = (c?: CartJson) => (cartToken = c?.token ?? cartToken, c);
  const fetchCart = () =>
    (cartRequest ??= fetch((shopify().routes?.root ?? '/') + 'cart.js')
      .then((r) => r.json())
      .then((c: CartJson) => (cart ??= learn(c)), () => 0));

  observeCartCalls({
    before: (call) => (consent.analytics && !cart && call !== 'add' ? fetchCart() : undefined),
    after: safe((call, body, json) => {
      const answer = json as CartJson & CartLineJson;
      if (call !== 'add') {
        if (cart) for (const e of diffCarts(cart, answer)) track(...e);
        cart = learn(answer);
        return;
      }
      const asked = requestedQuantities(body);
      for (const line of answer.items ?? [answer]) {
        const quantity = asked[String(line.variant_id ?? line.id)] ?? line.quantity;
        track(...lineEvent(true, line, quantity, config.currency));
        const mine = cart?.items?.find((l) => l.variant_id == line.variant_id);
        if (mine) mine.quantity += quantity;
        else cart?.items?.push({ ...line, quantity });
      }
      if (consent.analytics) void fetchCart();
    }),
    form: safe((data) => {
      const variantId = String(data.get('id'));
      const p = config.product;
      track('Cart_ItemAdded', {
        ...(p && (p.variantId === variantId ? p : { productId: p.productId })),
        variantId,
        quantity: Number(data.get('quantity')) || 1,
        currency: config.currency,
      });
      flush(true); // the page navigates next
    }),
  });

  watchClicks(track);

  // U-turn: the page left last (recorded at its pagehide) was left within U_TURN_MS, and the shopper came back here.
  const checkUTurn = (back: boolean) => {
    const { u } = touch('ss_sid', SESSION_TTL_MS, { u: 0 });
    if (back && u) track('Page_UTurned', { fromPath: u[0], dwellMs: u[1] });
  };
  const begin = safe(() => {
    if (started || !consent.analytics) return;
    started = true;
    checkUTurn((performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming)?.type === 'back_forward');
    flush();
  });

  for (const [name, properties] of config.events ?? []) track(name, properties);
  watchConsent(safe(() => {
    consent = readConsent();
    if (!consent.analytics) waiting = []; // declined: what waited is dropped, never sent
    begin();
  }));
  begin();

  addEventListener('pageshow', safe((e: PageTransitionEvent) => {
    if (!e.persisted || !consent.analytics) return;
    arrived = Date.now(); // restored from the back/forward cache: a new arrival
    checkUTurn(true);
  }));
  addEventListener('pagehide', safe(() => {
    const dwell = Date.now() - arrived;
    if (consent.analytics && dwell < U_TURN_MS && document.referrer && new URL(document.referrer).host === location.host) {
      touch('ss_sid', SESSION_TTL_MS, { u: [location.pathname, dwell] });
    }
    flush(true);
  }));
  addEventListener('visibilitychange', () => document.hidden && flush(true));
}

safe(() => start(JSON.parse(document.getElementById('segments-config')!.textContent!) as TrackerConfig))();
