import {
  DEMO_COLLECTIONS, DEMO_FREE_SHIPPING_FROM, DEMO_PRODUCTS, productsInCollection, searchCatalog,
  type DemoCollection, type DemoProduct,
} from '../demo-catalog.js';
import { collectionProperties, productProperties } from '../demo-event-properties.js';
import { STORE_BASE, esc, formatMoney, jsonForScript, type PageDescriptor } from './render-store-layout.js';

export interface PageContent {
  title: string;
  /** Page_Viewed's pageType. */
  pageType: string;
  body: string;
  events: PageDescriptor['events'];
}

function productCard(p: DemoProduct): string {
  return `<li><a class="card" href="${STORE_BASE}/products/${esc(p.handle)}">
    <span class="swatch" style="background:${esc(p.swatch)}" aria-hidden="true"></span>
    <span class="card-title">${esc(p.title)}</span>
    <span class="price">${formatMoney(p.price)}</span>
  </a></li>`;
}

const grid = (products: readonly DemoProduct[]) => `<ul class="grid">${products.map(productCard).join('')}</ul>`;

export function renderHome(): PageContent {
  const collections = DEMO_COLLECTIONS.map((c) => `<li><a class="tile" href="${STORE_BASE}/collections/${esc(c.handle)}">
      <strong>${esc(c.title)}</strong><span>${esc(c.description)}</span></a></li>`).join('');
  return {
    title: 'Home',
    pageType: 'home',
    body: `<section class="hero">
      <h1>Fresh coffee, good tea, honest gear</h1>
      <p>Free shipping from ${formatMoney(DEMO_FREE_SHIPPING_FROM)}.</p>
    </section>
    <h2>Collections</h2>
    <ul class="tiles">${collections}</ul>
    <h2>Best sellers</h2>
    ${grid([0, 2, 10, 14].map((i) => DEMO_PRODUCTS[i]!))}`,
    events: [],
  };
}

export function renderCollection(collection: DemoCollection): PageContent {
  return {
    title: collection.title,
    pageType: 'collection',
    body: `<h1>${esc(collection.title)}</h1><p class="lead">${esc(collection.description)}</p>${grid(productsInCollection(collection.handle))}`,
    events: [{ name: 'Collection_Viewed', properties: collectionProperties(collection) }],
  };
}

export function renderProduct(product: DemoProduct): PageContent {
  const properties = productProperties(product);
  return {
    title: product.title,
    pageType: 'product',
    body: `<article class="product">
      <span class="swatch large" style="background:${esc(product.swatch)}" aria-hidden="true"></span>
      <div>
        <h1>${esc(product.title)}</h1>
        <p class="price">${formatMoney(product.price)}</p>
        <p>${esc(product.blurb)}</p>
        <form method="post" action="${STORE_BASE}/cart/add" data-event="Cart_ItemAdded" data-properties="${esc(jsonForScript(properties))}" data-fields="quantity">
          <input type="hidden" name="productId" value="${esc(product.id)}">
          <label>Quantity <input type="number" name="quantity" value="1" min="1" max="10" inputmode="numeric"></label>
          <button type="submit" class="primary" id="add-to-cart">Add to cart</button>
        </form>
      </div>
    </article>`,
    events: [{ name: 'Product_Viewed', properties }],
  };
}

export function renderSearch(query: string): PageContent {
  const found = searchCatalog(query);
  return {
    title: 'Search',
    pageType: 'search',
    body: `<h1>Search</h1><p class="lead">${found.length} result${found.length === 1 ? '' : 's'} for “${esc(query)}”</p>${grid(found)}`,
    events: query.trim() ? [{ name: 'Search_Submitted', properties: { query: query.trim(), resultCount: found.length } }] : [],
  };
}

export function renderNotFound(): PageContent {
  return { title: 'Not found', pageType: 'not_found', body: `<h1>Page not found</h1><p><a href="${STORE_BASE}">Back to the shop</a></p>`, events: [] };
}
