/**
 * The storefront tracker (theme app embed). Sends the page view events Liquid printed, cart changes,
 * logins and friction through the app proxy, with a visitor and a session id, and only with analytics
 * consent. Budget: ≤ 2,048 bytes gzipped (test/extensions/storefront-tracker/tracker-build.test.ts).
 */
import type { CommonFields } from '../../server/ingest/wire-event.js';
import { afterAdd, type CartJson, type CartLineJson } from './cart-json.js';
import { readConsent, shopify, watchConsent } from './consent.js';
import { observeCartCalls } from './observe-cart-calls.js';
import { safe } from './safe.js';
import { sendEvents } from './send-events.js';
import { touch } from './storage.js';
import { FLUSH_AT, FLUSH_MS, SESSION_TTL_MS, U_TURN_MS, VISITOR_TTL_MS } from './thresholds.js';
import type { TrackerConfig } from './tracker-config.js';
import { uuidV7 } from './uuid-v7.js';
import { watchClicks } from './watch-clicks.js';

interface Waiting { id: string; name: string; ts: string; properties?: Record<string, unknown> }

function start(config: TrackerConfig): void {
  let waiting: Waiting[] = [];
  let consent = readConsent();
  const arrived = Date.now();
  // The page as the shopper arrived on it; read once, since some browsers report other values while a page unloads.
  const context = { url: location.href, referrer: document.referrer, viewport: { w: innerWidth, h: innerHeight }, touch: navigator.maxTouchPoints > 0, userAgent: navigator.userAgent };
  let tokenRequest: Promise<unknown> | undefined;
  let cartToken: string | undefined;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;

  const flush = safe((leaving?: boolean) => {
    clearTimeout(timer);
    timer = 0;
    if (!consent.analytics || !waiting.length) return;
    const { customerId } = config;
    const visitor = touch('ss_vid', VISITOR_TTL_MS);
    const session = touch('ss_sid', SESSION_TTL_MS);
    if (customerId && session.c !== customerId) waiting.unshift(event('Customer_Identified'));
    cartToken ||= session.t;
    touch('ss_sid', SESSION_TTL_MS, { c: customerId, t: cartToken });
    const common: CommonFields = {
      visitorId: visitor.id,
      sessionId: session.id,
      customerId,
      cartToken,
      consent,
      context,
    };
    // eslint-disable-next-line no-console -- the one console output, only with the embed's debug setting on
    if (config.debug) console.debug(common, waiting);
    sendEvents(common, waiting, !!leaving);
    waiting = [];
  });
  const event = (name: string, properties?: Record<string, unknown>): Waiting => ({ id: uuidV7(), name, ts: new Date().toJSON(), properties });
  const track = (name: string, properties: Record<string, unknown>) => {
    waiting.push(event(name, properties));
    if (waiting.length >= FLUSH_AT) flush();
    else timer ||= setTimeout(flush, FLUSH_MS);
  };

  // The cart's lines as last seen (Liquid's at render, then after each cart call), to tell what changed.
  let lines = config.cart;
  const cartIs = (next: CartLineJson[]) => {
    track('Cart_Updated', { before: lines, after: next, currency: config.currency });
    lines = next;
    // No token in an add answer: ask /cart.js, once per page, and only now that a cart event happened.
    if (!cartToken) tokenRequest ??= fetch(shopify().routes!.root + 'cart.js').then((r) => r.json()).then((c: CartJson) => (cartToken = c.token), () => 0);
  };
  observeCartCalls({
    after: safe((call, json) => {
      const answer = json as CartJson & CartLineJson;
      cartToken = answer.token ?? cartToken;
      cartIs(call === 'add' ? afterAdd(lines, answer.items ?? [answer]) : (answer.items ?? []));
    }),
    form: safe((data) => {
      const p = config.product;
      const variant = data.get('id') as string;
      // A classic form post adds the page's product (its price only if the form adds the selected variant),
      // as a line of its own: the server sums lines per variant.
      cartIs([...lines, { ...(p?.variant_id == variant ? p : { product_id: p?.product_id }), variant_id: variant, quantity: +(data.get('quantity') as string) || 1 }]);
      flush(true); // the page navigates next
    }),
  });

  watchClicks(track);

  for (const [name, properties] of config.events) track(name, properties);
  watchConsent(safe(() => {
    consent = readConsent();
    if (!consent.analytics) waiting = []; // declined: what waited is dropped, never sent
    flush();
  }));
  flush();

  // A u-turn: the shopper leaves within U_TURN_MS of arriving from another page of this store.
  addEventListener('pagehide', safe(() => {
    const dwellMs = Date.now() - arrived;
    const from = context.referrer && new URL(context.referrer);
    if (dwellMs < U_TURN_MS && from && from.host === location.host) track('Page_UTurned', { fromPath: from.pathname, dwellMs });
    flush(true);
  }));
  addEventListener('visibilitychange', () => document.hidden && flush(true));
}

safe(() => start(JSON.parse(document.getElementById('segments-config')!.textContent!) as TrackerConfig))();
