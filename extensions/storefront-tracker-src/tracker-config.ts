import type { CartLineJson } from './cart-json.js';

/** What the app embed block prints into #segments-config (../storefront-tracker/blocks/segments-tracker.liquid). */
export interface TrackerConfig {
  shop?: string;
  currency?: string;
  customerId?: string;
  debug?: boolean;
  /** On product pages: the line a classic cart form on this page adds (selected variant), as a cart line. */
  product?: CartLineJson;
  /** The cart's lines when the page was rendered (Liquid `cart.items`), prices in cents. */
  cart: CartLineJson[];
  /** The events this page view stands for, ready-made by Liquid: [name, properties]. */
  events: [string, Record<string, unknown>][];
}
