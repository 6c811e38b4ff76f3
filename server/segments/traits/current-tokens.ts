import type { FactEvent } from './profile-facts.js';

/**
 * The cart (or checkout) each event belongs to: its own token, else the latest token any earlier event
 * of the profile carried (the shopper's current cart), else the first token a later event carries.
 * The storefront learns a cart's token only after Shopify creates the cart, so the very first add often
 * arrives without one: it belongs to the cart the next events name. Null only when no event has a token.
 * Feed it every event in time order (`tokenOf`); the events exclude grouped views, which carry no token.
 */
export class CurrentTokens {
  private latest: string | null = null;
  /** Before any event with a token, the next token named is the first one of all. */
  private readonly first: string | null;

  constructor(events: readonly FactEvent[], private readonly field: 'cartToken' | 'checkoutToken') {
    let first: string | null = null;
    for (const e of events) {
      first = e[field];
      if (first !== null) break;
    }
    this.first = first;
  }

  tokenOf(event: FactEvent): string | null {
    this.latest = event[this.field] ?? this.latest;
    return this.latest ?? this.first;
  }
}
