/**
 * The parts of Shopify's Ajax Cart API answers (/cart.js, /cart/add.js, /cart/change.js …) the tracker
 * reads and reports as they are (prices in cents); the server turns them into line events
 * (server/ingest/expand-cart-update.ts).
 */
export interface CartLineJson {
  /** The line's key (variant and line item properties); two lines can share a variant. */
  key?: string;
  variant_id: number | string;
  product_id?: number | string;
  quantity: number;
  price?: number;
  product_title?: string;
}

export interface CartJson {
  token?: string;
  items?: CartLineJson[];
}

/**
 * Pure: the cart's lines after an add, from the lines before and the add's answer. Shopify answers with
 * the added lines, each with its quantity *in the cart* after the add (not the amount added), so those
 * lines replace their earlier selves.
 */
export const afterAdd = (lines: CartLineJson[], added: CartLineJson[]): CartLineJson[] => [
  ...lines.filter((line) => !added.some((a) => a.key === line.key)),
  ...added,
];
