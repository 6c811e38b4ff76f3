import type { IdleEpisode } from './abandonment.js';
import { CurrentTokens } from './current-tokens.js';
import type { FactDevice, FactEvent } from './profile-facts.js';
import { bareShopifyId, numberProperty, shopifyIdProperty, stringProperty } from './read-event-property.js';
import { roundAmount } from './trait-time.js';

export interface CartLine {
  /** Numeric variant id, or null when only the product is known (such a line cannot go in a permalink). */
  variantId: string | null;
  quantity: number;
}

export interface IdleCartEpisode extends IdleEpisode {
  lines: CartLine[];
}

interface CartState {
  token: string | null;
  lines: Map<string, { variantId: string | null; quantity: number; price: number | null }>;
  lastAt: number;
  device: FactDevice;
  /** Shopify's cart total after the last change, when that event reported it. */
  cartTotal: number | null;
  currency: string | null;
}

export const CART_EVENT_NAMES: ReadonlySet<string> = new Set(['Cart_ItemAdded', 'Cart_ItemRemoved']);

/**
 * Replays each cart from its Cart_ItemAdded / Cart_ItemRemoved quantities per variant and returns every
 * moment a cart with items was then left alone for longer than the window: after the cart's last event,
 * and at each gap longer than the window between two of its events. Whether a purchase answered it is
 * decided by the caller. Events without a cart token belong to the profile's current cart (CurrentTokens).
 */
export function idleCartEpisodes(events: readonly FactEvent[], windowMs: number): IdleCartEpisode[] {
  if (!events.some((e) => CART_EVENT_NAMES.has(e.name))) return [];
  const tokens = new CurrentTokens(events, 'cartToken');
  const carts = new Map<string, CartState>();
  const episodes: IdleCartEpisode[] = [];
  for (const e of events) {
    const token = tokens.tokenOf(e);
    if (!CART_EVENT_NAMES.has(e.name)) continue;
    let cart = carts.get(token ?? '');
    if (cart === undefined) {
      cart = { token, lines: new Map(), lastAt: e.occurredAt, device: e.device, cartTotal: null, currency: null };
      carts.set(token ?? '', cart);
    } else if (e.occurredAt - cart.lastAt > windowMs) {
      pushEpisode(episodes, cart);
    }
    apply(cart, e);
  }
  for (const cart of carts.values()) pushEpisode(episodes, cart);
  return episodes.sort((a, b) => a.lastActivityAt - b.lastActivityAt);
}

function apply(cart: CartState, e: FactEvent): void {
  cart.lastAt = e.occurredAt;
  cart.device = e.device;
  cart.cartTotal = numberProperty(e, 'cartTotal');
  cart.currency = stringProperty(e, 'currency') ?? cart.currency;
  const variantId = shopifyIdProperty(e, 'variantId');
  const productId = shopifyIdProperty(e, 'productId');
  const key = variantId ?? (productId === null ? null : `product:${productId}`);
  if (key === null) return;
  const quantity = Math.max(1, Math.trunc(numberProperty(e, 'quantity') ?? 1));
  const line = cart.lines.get(key) ?? { variantId, quantity: 0, price: null };
  line.price = numberProperty(e, 'price') ?? line.price;
  line.quantity += e.name === 'Cart_ItemAdded' ? quantity : -quantity;
  // A removal of more than we saw added means we missed adds: the line is gone all the same.
  if (line.quantity > 0) cart.lines.set(key, line);
  else cart.lines.delete(key);
}

function pushEpisode(episodes: IdleCartEpisode[], cart: CartState): void {
  const lines = [...cart.lines.values()];
  const itemCount = lines.reduce((n, l) => n + l.quantity, 0);
  if (itemCount === 0) return;
  const priced = lines.filter((l) => l.price !== null);
  const summed = priced.length === 0 ? null : roundAmount(priced.reduce((sum, l) => sum + l.price! * l.quantity, 0));
  episodes.push({
    token: cart.token,
    lastActivityAt: cart.lastAt,
    device: cart.device,
    itemCount,
    total: cart.cartTotal ?? summed,
    currency: cart.currency,
    lines: lines.map((l) => ({ variantId: l.variantId === null ? null : numericId(l.variantId), quantity: l.quantity })),
  });
}

const numericId = (id: string): string | null => {
  const bare = bareShopifyId(id);
  return /^\d{1,20}$/.test(bare) ? bare : null;
};
