/** What the app embed block prints into #segments-config (../storefront-tracker/blocks/segments-tracker.liquid). */
export interface TrackerConfig {
  shop?: string;
  currency?: string;
  customerId?: string;
  debug?: boolean;
  /** On product pages: the product a classic cart form on this page adds (selected variant). */
  product?: { productId: string; variantId: string; title?: string; price?: number; currency?: string };
  /** The events this page view stands for, ready-made by Liquid: [name, properties]. */
  events: [string, Record<string, unknown>][];
}
