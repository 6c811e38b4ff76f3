import type { FactEvent } from './profile-facts.js';

/**
 * The cart (or checkout) each event belongs to: its own token, else the latest token any earlier event
 * of the profile carried (the shopper's current cart), else the first token a later event carries.
 * The storefront learns a cart's token only after Shopify creates the cart, so the very first add often
 * arrives without one: it belongs to the cart the next events name. Null only when no event has a token.
 */
export function currentTokens(events: readonly FactEvent[], field: 'cartToken' | 'checkoutToken'): (string | null)[] {
  const tokens: (string | null)[] = new Array(events.length).fill(null);
  let latest: string | null = null;
  events.forEach((e, i) => {
    latest = e[field] ?? latest;
    tokens[i] = latest;
  });
  let next: string | null = null;
  for (let i = events.length - 1; i >= 0; i--) {
    if (tokens[i] !== null) next = tokens[i]!;
    else tokens[i] = next;
  }
  return tokens;
}
