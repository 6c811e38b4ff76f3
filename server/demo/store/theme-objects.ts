import { DEMO_CURRENCY, DEMO_STORE_BASE, productsInCollection, type DemoCollection, type DemoProduct } from '../demo-catalog.js';
import type { DemoCustomer } from '../demo-customers.js';
import type { CartLine } from '../demo-event-properties.js';
import { cartJson, toCents } from './cart-json.js';

/**
 * The Liquid objects a theme app embed sees on Shopify, built from the demo's data: `shop`, `request`, `cart`,
 * `page_title`, `customer` (only when logged in), `product` (product pages), `collection` (collection pages)
 * and `search` (search pages).
 * Names and units follow Shopify's Liquid reference: ids are numbers, money is in cents.
 */

/** Shopify's `request.page_type` values for the pages the demo storefront has. */
export type ThemePageType = 'index' | 'collection' | 'product' | 'search' | 'cart' | '404' | 'page';

export interface ThemeContext {
  /** The shop's permanent `.myshopify.com` domain. */
  shop: string;
  shopName: string;
  pageType: ThemePageType;
  /** Liquid's `page_title`: the page's own title, without the shop name. */
  title: string;
  path: string;
  customer: DemoCustomer | null;
  cart: readonly CartLine[];
  product?: DemoProduct;
  collection?: DemoCollection;
  search?: { terms: string; resultsCount: number };
  /** True inside the theme editor; the demo storefront never is, tests set it. */
  designMode?: boolean;
}

export type ThemeObjects = Record<string, unknown>;

function productObject(p: DemoProduct) {
  const variant = { id: Number(p.variantId), title: 'Default Title', price: toCents(p.price), available: true };
  return {
    id: Number(p.id),
    title: p.title,
    handle: p.handle,
    price: variant.price,
    available: true,
    url: `${DEMO_STORE_BASE}/products/${p.handle}`,
    variants: [variant],
    selected_or_first_available_variant: variant,
  };
}

function collectionObject(c: DemoCollection) {
  return { id: Number(c.id), title: c.title, handle: c.handle, products_count: productsInCollection(c.handle).length };
}

// Demo ids stay far below 2^53, so numbers carry them exactly (Shopify's Liquid ids are integers).
export function themeObjects(ctx: ThemeContext): ThemeObjects {
  const cart = cartJson(ctx.cart, '');
  const objects: ThemeObjects = {
    shop: { permanent_domain: ctx.shop, name: ctx.shopName, currency: DEMO_CURRENCY },
    request: { design_mode: ctx.designMode === true, page_type: ctx.pageType, path: ctx.path },
    cart: {
      item_count: cart.item_count,
      total_price: cart.total_price,
      original_total_price: cart.original_total_price,
      items_subtotal_price: cart.items_subtotal_price,
      currency: { iso_code: cart.currency },
      // Liquid's line_item has the Ajax API's fields (variant_id, product_id, key, quantity, price, final_line_price, …)
      // plus its product and variant as objects.
      items: cart.items.map((item) => ({
        ...item,
        product: { id: item.product_id, title: item.product_title, handle: item.handle },
        variant: { id: item.variant_id, price: item.price, title: 'Default Title' },
      })),
    },
    page_title: ctx.title,
  };
  if (ctx.customer) objects.customer = { id: Number(ctx.customer.id) };
  if (ctx.product) objects.product = productObject(ctx.product);
  if (ctx.collection) objects.collection = collectionObject(ctx.collection);
  // Shopify's search page without terms has a `search` object with performed: false.
  if (ctx.search) objects.search = { performed: ctx.search.terms !== '', terms: ctx.search.terms, results_count: ctx.search.resultsCount };
  return objects;
}
