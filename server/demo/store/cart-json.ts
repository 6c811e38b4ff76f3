import { createHash } from 'node:crypto';
import { DEMO_COLLECTIONS, DEMO_CURRENCY, DEMO_STORE_BASE } from '../demo-catalog.js';
import type { CartLine } from '../demo-event-properties.js';

/**
 * The demo cart in the shapes of Shopify's Ajax Cart API (`/cart.js`, `/cart/add.js`, ...): prices in the
 * currency's subunit, ids as JSON numbers, one line per variant. Pure, so tests can compare with it directly.
 */
export const VENDOR = 'Demo Roastery';

export const toCents = (amount: number) => Math.round(amount * 100);

/**
 * Shopify keys a line by variant id and a hash of the line's properties; demo lines carry no properties,
 * so the key is stable per variant (and across carts, as Shopify's is for property-less lines).
 */
export const lineKey = (variantId: string) => `${variantId}:${createHash('md5').update(`${variantId}|{}`).digest('hex')}`;

export interface CartItemJson {
  id: number;
  variant_id: number;
  product_id: number;
  key: string;
  quantity: number;
  title: string;
  product_title: string;
  variant_title: null;
  handle: string;
  url: string;
  price: number;
  original_price: number;
  discounted_price: number;
  final_price: number;
  line_price: number;
  original_line_price: number;
  final_line_price: number;
  total_discount: number;
  discounts: never[];
  properties: Record<string, never>;
  sku: string;
  grams: number;
  vendor: string;
  product_type: string;
  product_description: string;
  taxable: boolean;
  requires_shipping: boolean;
  gift_card: boolean;
  product_has_only_default_variant: boolean;
  variant_options: string[];
  options_with_values: { name: string; value: string }[];
  image: null;
  featured_image: null;
  line_level_discount_allocations: never[];
  line_level_total_discount: number;
}

export interface CartJson {
  token: string;
  note: null;
  attributes: Record<string, never>;
  original_total_price: number;
  total_price: number;
  total_discount: number;
  total_weight: number;
  item_count: number;
  items: CartItemJson[];
  requires_shipping: boolean;
  currency: string;
  items_subtotal_price: number;
  cart_level_discount_applications: never[];
}

// Demo ids stay far below 2^53, so JSON numbers (what Shopify sends) carry them exactly.
export function cartItemJson(line: CartLine): CartItemJson {
  const p = line.product;
  const price = toCents(p.price);
  const linePrice = price * line.quantity;
  return {
    id: Number(p.variantId),
    variant_id: Number(p.variantId),
    product_id: Number(p.id),
    key: lineKey(p.variantId),
    quantity: line.quantity,
    title: p.title,
    product_title: p.title,
    variant_title: null,
    handle: p.handle,
    url: `${DEMO_STORE_BASE}/products/${p.handle}?variant=${p.variantId}`,
    price,
    original_price: price,
    discounted_price: price,
    final_price: price,
    line_price: linePrice,
    original_line_price: linePrice,
    final_line_price: linePrice,
    total_discount: 0,
    discounts: [],
    properties: {},
    sku: '',
    grams: 0,
    vendor: VENDOR,
    product_type: DEMO_COLLECTIONS.find((c) => c.handle === p.collectionHandle)?.title ?? '',
    product_description: p.blurb,
    taxable: true,
    requires_shipping: true,
    gift_card: false,
    product_has_only_default_variant: true,
    variant_options: ['Default Title'],
    options_with_values: [{ name: 'Title', value: 'Default Title' }],
    image: null,
    featured_image: null,
    line_level_discount_allocations: [],
    line_level_total_discount: 0,
  };
}

export function cartJson(lines: readonly CartLine[], token: string): CartJson {
  const items = lines.map(cartItemJson);
  const total = items.reduce((sum, i) => sum + i.final_line_price, 0);
  return {
    token,
    note: null,
    attributes: {},
    original_total_price: total,
    total_price: total,
    total_discount: 0,
    total_weight: 0,
    item_count: items.reduce((n, i) => n + i.quantity, 0),
    items,
    requires_shipping: items.length > 0,
    currency: DEMO_CURRENCY,
    items_subtotal_price: total,
    cart_level_discount_applications: [],
  };
}
