import type { SeededRandom } from '../../server/demo/create-seeded-random.js';
import { REFERRERS } from '../../server/demo/demo-behavior.js';
import { DEMO_COLLECTIONS, DEMO_CURRENCY, DEMO_PRODUCTS, STORE_PATHS, priceOrder, type DemoProduct } from '../../server/demo/demo-catalog.js';
import { collectionProperties, itemCount, lineItemsOf, productProperties, subtotalOf, type CartLine } from '../../server/demo/demo-event-properties.js';
import type { Identifier } from '../../server/identity/identifier.js';
import type { StoredEvent } from '../../server/ingest/stored-event.js';
import type { BenchShopperPlan } from './plan-bench-shopper.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Sessions end after 30 minutes of inactivity; the next one starts at least this long after. */
const SESSION_GAP = 35 * MINUTE;
const EVENTS_PER_SESSION = 7;
/** A cart left alone this long is forgotten; the next add starts a new cart (new token). */
const CART_TTL_MS = 10 * DAY;
const PAGE_TYPE = Object.fromEntries(['index', 'collection', 'product', 'cart', 'checkout', 'thank_you'].map((t) => [t, Object.freeze({ pageType: t })]));

interface Cart { token: string; identifier: Identifier; lines: CartLine[]; touchedAt: number }
type SessionKind = 'browse' | 'cart' | 'purchase';

/**
 * Appends about `budget` events of one bench shopper to `out` (a purchase session may add a few more),
 * in time order, over the `days` before `now`: sessions on the shopper's devices with page, product and
 * collection views, some friction, carts with variant ids and prices, checkouts, orders for buyers and a
 * login (Customer_Identified) for shoppers with an account. Returns how many events it added.
 */
export function simulateBenchShopper(rng: SeededRandom, plan: BenchShopperPlan, budget: number, now: number, days: number, out: StoredEvent[]): number {
  const before = out.length;
  const wanted = Math.max(1, Math.round((budget / EVENTS_PER_SESSION) * (0.6 + 0.8 * rng.next())));
  const starts = sessionStarts(rng, Math.max(wanted, plan.orders, plan.devices.length), now, days);
  const kinds: SessionKind[] = starts.map(() => (plan.carter && rng.chance(0.3) ? 'cart' : 'browse'));
  for (let placed = 0, tries = 0; placed < Math.min(plan.orders, starts.length) && tries < 100; tries++) {
    const s = rng.int(0, starts.length - 1);
    if (kinds[s] !== 'purchase') { kinds[s] = 'purchase'; placed++; }
  }
  const deviceOf = starts.map((_, s) => (plan.devices.length === 1 || s === 0 ? 0 : s === 1 || rng.chance(0.35) ? 1 : 0));
  // An account holder logs in once on each device they use, so the two visitors are stitched.
  const logins = new Set<number>();
  if (plan.customerId !== null) {
    for (let d = 0; d < plan.devices.length; d++) {
      const own = starts.flatMap((_, s) => (deviceOf[s] === d ? [s] : []));
      if (own.length > 0) logins.add(own[rng.int(0, own.length - 1)]!);
    }
  }
  const carts: (Cart | null)[] = plan.devices.map(() => null);
  let orders = 0;
  starts.forEach((start, s) => {
    const target = Math.max(1, Math.round((budget - (out.length - before)) / (starts.length - s)));
    orders = simulateSession(rng, plan, { start, device: deviceOf[s]!, kind: kinds[s]!, login: logins.has(s), target, carts, orders }, out);
  });
  return out.length - before;
}

/** Sorted session starts, at least SESSION_GAP apart, ending 10 minutes before `now`. */
function sessionStarts(rng: SeededRandom, count: number, now: number, days: number): number[] {
  const earliest = now - days * DAY;
  const latest = now - 10 * MINUTE;
  // Shoppers with many sessions tend to have started visiting earlier.
  const first = earliest + (latest - earliest) * (count > 1 ? rng.next() ** 2 : rng.next());
  const raw = [first];
  for (let i = 1; i < count; i++) raw.push(first + rng.next() * (latest - first));
  raw.sort((a, b) => a - b);
  const starts: number[] = [];
  for (const t of raw) {
    const start = starts.length ? Math.max(t, starts[starts.length - 1]! + SESSION_GAP) : t;
    if (start <= latest) starts.push(start);
  }
  return starts;
}

interface SessionPlan { start: number; device: number; kind: SessionKind; login: boolean; target: number; carts: (Cart | null)[]; orders: number }

/** One session; returns the shopper's order count after it. */
function simulateSession(rng: SeededRandom, plan: BenchShopperPlan, p: SessionPlan, out: StoredEvent[]): number {
  const device = plan.devices[p.device]!;
  const visitor: Identifier = { kind: 'visitor', value: device.visitorId };
  const sessionId = rng.uuid();
  const before = out.length;
  const dwellMean = device.device === 'desktop' ? 45_000 : 30_000;
  const friction = plan.frictionProne ? { rage: 0.2, dead: 0.15, uturn: 0.15 } : { rage: 0.006, dead: 0.012, uturn: 0.02 };
  let cart: Cart | null = p.carts[p.device] ?? null;
  if (cart && p.start - cart.touchedAt > CART_TTL_MS) cart = p.carts[p.device] = null;
  let t = p.start;
  let referrer: string | null = rng.weighted(REFERRERS);
  if (referrer === 'direct') referrer = null;
  let orders = p.orders;

  const emit = (name: string, path: string, properties: Record<string, unknown>, extra: Identifier[] = []) => {
    const occurredAt = Math.round(t);
    out.push({
      eventId: uuidV7At(occurredAt, rng), name, occurredAt, receivedAt: occurredAt + rng.int(40, 900), timeFlagged: false,
      visitorId: device.visitorId, sessionId, cartToken: cart?.token ?? null,
      checkoutToken: extra.find((i) => i.kind === 'checkout')?.value ?? null,
      identifiers: cart ? [visitor, cart.identifier, ...extra] : [visitor, ...extra],
      device: device.device, os: device.os, browser: device.browser, pagePath: path, referrerHost: referrer,
      properties, consent: plan.consent, source: 'storefront',
    });
    referrer = null;
    t += 300 + rng.int(0, 900);
  };
  const dwell = () => { t += 3000 + rng.exponential(dwellMean); };
  const afterPage = (path: string, product: boolean) => {
    if (rng.chance(friction.rage)) emit('Element_RageClicked', path, { selector: '.product-gallery img', clicks: rng.int(3, 9) });
    if (rng.chance(friction.dead)) emit('Element_DeadClicked', path, { selector: 'span.badge' });
    if (product && rng.chance(friction.uturn)) emit('Page_UTurned', path, { fromPath: path, dwellMs: rng.int(800, 6000) });
    dwell();
  };
  const viewProduct = (product: DemoProduct) => {
    const path = STORE_PATHS.product(product.handle);
    emit('Page_Viewed', path, PAGE_TYPE.product!);
    emit('Product_Viewed', path, productProperties(product));
    afterPage(path, true);
  };
  const viewPage = () => {
    const r = rng.next();
    if (r < 0.55) return viewProduct(rng.pick(DEMO_PRODUCTS));
    if (r < 0.85) {
      const collection = rng.pick(DEMO_COLLECTIONS);
      const path = STORE_PATHS.collection(collection.handle);
      emit('Page_Viewed', path, PAGE_TYPE.collection!);
      emit('Collection_Viewed', path, collectionProperties(collection));
      return afterPage(path, false);
    }
    emit('Page_Viewed', STORE_PATHS.home, PAGE_TYPE.index!);
    afterPage(STORE_PATHS.home, false);
  };
  const customer: Identifier[] = plan.customerId === null ? [] : [{ kind: 'customer', value: plan.customerId }];
  const email: Identifier = { kind: 'email', value: plan.email };

  const browseUntil = p.kind === 'browse' ? p.target : Math.max(2, p.target - (p.kind === 'purchase' ? 7 : 4));
  viewPage();
  if (p.login) emit('Customer_Identified', STORE_PATHS.home, { method: 'login' }, [...customer, email]);
  while (out.length - before < browseUntil) viewPage();
  if (p.kind === 'browse') return orders;

  for (let i = rng.chance(0.3) ? 2 : 1; i > 0; i--) {
    const product = rng.pick(DEMO_PRODUCTS);
    viewProduct(product);
    if (!cart) {
      const token = rng.hex(32);
      cart = p.carts[p.device] = { token, identifier: { kind: 'cart', value: token }, lines: [], touchedAt: t };
    }
    const quantity = rng.chance(0.85) ? 1 : 2;
    const line = cart.lines.find((l) => l.product.id === product.id);
    if (line) line.quantity += quantity;
    else cart.lines.push({ product, quantity });
    cart.touchedAt = t;
    emit('Cart_ItemAdded', STORE_PATHS.product(product.handle), { ...productProperties(product), quantity, cartTotal: subtotalOf(cart.lines) });
  }
  if (cart!.lines.length >= 2 && rng.chance(0.12)) {
    const [removed] = cart!.lines.splice(rng.int(0, cart!.lines.length - 1), 1);
    emit('Cart_ItemRemoved', STORE_PATHS.cart, { ...productProperties(removed!.product), quantity: removed!.quantity, cartTotal: subtotalOf(cart!.lines) });
  }
  if (p.kind === 'cart' && !rng.chance(0.3)) return orders;

  const token = rng.hex(32);
  const checkout: Identifier = { kind: 'checkout', value: token };
  const lines = cart!.lines;
  const price = priceOrder(subtotalOf(lines));
  emit('Page_Viewed', STORE_PATHS.checkout, PAGE_TYPE.checkout!, [checkout]);
  emit('Checkout_Started', STORE_PATHS.checkout, { itemCount: itemCount(lines), total: price.total, currency: DEMO_CURRENCY }, [checkout]);
  dwell();
  if (p.kind === 'cart') return orders;
  orders += 1;
  t += 60_000 + rng.exponential(120_000);
  emit('Page_Viewed', STORE_PATHS.thankYou, PAGE_TYPE.thank_you!, [checkout, email]);
  emit('Checkout_Completed', STORE_PATHS.thankYou, {
    orderId: String(6_000_000_000_000 + plan.index * 100 + orders), itemCount: itemCount(lines), total: price.total,
    currency: DEMO_CURRENCY, isFirstOrder: orders === 1, lineItems: lineItemsOf(lines),
  }, [checkout, email, ...customer]);
  p.carts[p.device] = null;
  return orders;
}

const HEX = '0123456789abcdef';

/** A UUIDv7-shaped id stamped with the event's time, as our tracker makes them, but from the seeded stream. */
export function uuidV7At(ms: number, rng: SeededRandom): string {
  const time = ms.toString(16).padStart(12, '0');
  const r = rng.hex(18);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${r.slice(0, 3)}-${HEX[8 + (rng.int(0, 3))]}${r.slice(3, 6)}-${r.slice(6, 18)}`;
}
