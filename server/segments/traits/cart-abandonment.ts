import { abandonmentOf, unconvertedEpisodes, type Abandonment } from './abandonment.js';
import type { Purchase } from './collect-orders.js';
import { idleCartEpisodes, type CartLine } from './idle-cart-episodes.js';
import type { FactEvent } from './profile-facts.js';

/**
 * Every cart abandonment of the profile, due or not: a cart with items idle for the window after its
 * last activity L, with no purchase answering it by L + window (unconvertedEpisodes). Due once
 * nowMs >= abandonedAt; the caller decides that, so this list depends on the facts alone.
 */
export function findCartAbandonments(
  events: readonly FactEvent[], purchases: readonly Purchase[], windowMs: number, shopDomain: string,
): Abandonment[] {
  const episodes = idleCartEpisodes(events, windowMs);
  if (episodes.length === 0) return [];
  return unconvertedEpisodes(episodes, purchases, windowMs, 'cartToken').map((e) =>
    abandonmentOf(e, windowMs, 'Cart_Abandoned', { cartToken: e.token, checkoutToken: null }, cartPermalink(shopDomain, e.lines)));
}

/**
 * A Shopify cart permalink (`https://{shop}/cart/{variant}:{qty},...`): opening it starts a checkout with
 * those items, so it brings the abandoned contents back on any device. Lines known only by product have
 * no variant to name and are left out; null when no line can be named.
 */
export function cartPermalink(shopDomain: string, lines: readonly CartLine[]): string | null {
  let parts = '';
  for (const l of lines) if (l.variantId !== null) parts += `${parts === '' ? '' : ','}${l.variantId}:${l.quantity}`;
  return parts === '' ? null : `https://${shopDomain}/cart/${parts}`;
}
