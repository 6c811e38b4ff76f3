import {
  DEMO_COLLECTIONS, DEMO_FREE_SHIPPING_FROM, DEMO_PRODUCTS, productsInCollection, searchCatalog,
  type DemoCollection, type DemoProduct,
} from '../demo-catalog.js';
import { STORE_BASE, esc, formatMoney } from './render-store-layout.js';
import type { ThemePageType } from './theme-objects.js';

/**
 * A storefront page's content and the Liquid context it gives the app embed: Shopify's page type, and the
 * product or collection the page is about. The pages hold no event data: the tracker observes them.
 */
export interface StorefrontContent {
  title: string;
  pageType: ThemePageType;
  body: string;
  product?: DemoProduct;
  collection?: DemoCollection;
  search?: { terms: string; resultsCount: number };
}

function productCard(p: DemoProduct): string {
  return `<li><a class="card" href="${STORE_BASE}/products/${esc(p.handle)}">
    <span class="swatch" style="background:${esc(p.swatch)}" aria-hidden="true"></span>
    <span class="card-title">${esc(p.title)}</span>
    <span class="price">${formatMoney(p.price)}</span>
  </a></li>`;
}

const grid = (products: readonly DemoProduct[]) => `<ul class="grid">${products.map(productCard).join('')}</ul>`;

export function renderHome(): StorefrontContent {
  const collections = DEMO_COLLECTIONS.map((c) => `<li><a class="tile" href="${STORE_BASE}/collections/${esc(c.handle)}">
      <strong>${esc(c.title)}</strong><span>${esc(c.description)}</span></a></li>`).join('');
  return {
    title: 'Home',
    pageType: 'index',
    body: `<section class="hero">
      <h1>Fresh coffee, good tea, honest gear</h1>
      <p>Free shipping from ${formatMoney(DEMO_FREE_SHIPPING_FROM)}.</p>
    </section>
    <h2>Collections</h2>
    <ul class="tiles">${collections}</ul>
    <h2>Best sellers</h2>
    ${grid([0, 2, 10, 14].map((i) => DEMO_PRODUCTS[i]!))}`,
  };
}

export function renderCollection(collection: DemoCollection): StorefrontContent {
  return {
    title: collection.title,
    pageType: 'collection',
    body: `<h1>${esc(collection.title)}</h1><p class="lead">${esc(collection.description)}</p>${grid(productsInCollection(collection.handle))}`,
    collection,
  };
}

/**
 * A product page with Dawn's two ways to add: the classic form post to /cart/add (works without scripts) and
 * a "Quick add" button that store.js wires to fetch('/cart/add.js') (hidden until the script shows it).
 */
export function renderProduct(product: DemoProduct): StorefrontContent {
  return {
    title: product.title,
    pageType: 'product',
    body: `<article class="product">
      <span class="swatch large" style="background:${esc(product.swatch)}" aria-hidden="true"></span>
      <div>
        <h1>${esc(product.title)}</h1>
        <p class="price">${formatMoney(product.price)}</p>
        <p>${esc(product.blurb)}</p>
        <form method="post" action="${STORE_BASE}/cart/add" id="product-form" class="product-form" accept-charset="UTF-8" data-product-form>
          <input type="hidden" name="form_type" value="product">
          <input type="hidden" name="id" value="${esc(product.variantId)}">
          <label>Quantity <input type="number" name="quantity" value="1" min="1" max="10" inputmode="numeric"></label>
          <div class="buttons">
            <button type="submit" class="primary" id="add-to-cart">Add to cart</button>
            <button type="button" id="quick-add" data-quick-add hidden>Quick add</button>
          </div>
          <p class="form-status" role="status" data-form-status></p>
        </form>
      </div>
    </article>`,
    product,
  };
}

export function renderSearch(query: string): StorefrontContent {
  const found = searchCatalog(query);
  return {
    title: 'Search',
    pageType: 'search',
    body: `<h1>Search</h1><p class="lead">${found.length} result${found.length === 1 ? '' : 's'} for “${esc(query)}”</p>${grid(found)}`,
    search: { terms: query.trim(), resultsCount: found.length },
  };
}

export function renderNotFound(): StorefrontContent {
  return { title: 'Not found', pageType: '404', body: `<h1>Page not found</h1><p><a href="${STORE_BASE}">Back to the shop</a></p>` };
}
