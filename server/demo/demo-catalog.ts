/**
 * The demo shop's fixed catalog, shared by the seed (so seeded and live events name the same products)
 * and the simulated storefront pages. Ids are text like Shopify's (they exceed 2^53 in real shops).
 * Prices are decimal amounts in the shop currency, as the storefront and web pixel report them.
 */
export interface DemoCollection {
  id: string;
  handle: string;
  title: string;
  description: string;
}

export interface DemoProduct {
  id: string;
  variantId: string;
  handle: string;
  title: string;
  price: number;
  collectionHandle: string;
  /** A short line for product cards and pages. */
  blurb: string;
  /** Background colour of the placeholder image, so the pages need no image files. */
  swatch: string;
}

/**
 * Page paths of the simulated storefront (server/demo/store). The seed uses them too, so seeded and
 * live events of the demo shop name the same pages (as the ingestion stores them: path plus query keys).
 */
export const DEMO_STORE_BASE = '/demo/store';
export const STORE_PATHS = {
  home: DEMO_STORE_BASE,
  collection: (handle: string) => `${DEMO_STORE_BASE}/collections/${handle}`,
  product: (handle: string) => `${DEMO_STORE_BASE}/products/${handle}`,
  search: `${DEMO_STORE_BASE}/search?q`,
  cart: `${DEMO_STORE_BASE}/cart`,
  checkout: `${DEMO_STORE_BASE}/checkout`,
  shipping: `${DEMO_STORE_BASE}/checkout/shipping`,
  payment: `${DEMO_STORE_BASE}/checkout/payment`,
  thankYou: `${DEMO_STORE_BASE}/thank-you`,
} as const;

export const DEMO_CURRENCY = 'EUR';
export const DEMO_SHIPPING_FEE = 4.9;
/** Orders from this subtotal ship free (a common rule; used by the checkout and the seed alike). */
export const DEMO_FREE_SHIPPING_FROM = 60;

export const DEMO_COLLECTIONS: readonly DemoCollection[] = [
  { id: '480001', handle: 'coffee', title: 'Coffee', description: 'Single-origin beans, roasted every Monday.' },
  { id: '480002', handle: 'tea', title: 'Tea', description: 'Loose-leaf teas from small gardens.' },
  { id: '480003', handle: 'brewing', title: 'Brewing gear', description: 'Everything to brew a better cup.' },
  { id: '480004', handle: 'mugs', title: 'Mugs & cups', description: 'Stoneware made in small batches.' },
];

const p = (n: number, handle: string, title: string, price: number, collectionHandle: string, blurb: string, swatch: string): DemoProduct => ({
  id: String(8_100_000 + n),
  variantId: String(4_400_000 + n),
  handle,
  title,
  price,
  collectionHandle,
  blurb,
  swatch,
});

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  p(1, 'ethiopia-yirgacheffe', 'Ethiopia Yirgacheffe 250 g', 14.5, 'coffee', 'Jasmine, bergamot, lemon.', '#c9a27e'),
  p(2, 'colombia-huila', 'Colombia Huila 250 g', 12.9, 'coffee', 'Caramel, red apple, cocoa.', '#8b5a3c'),
  p(3, 'brazil-cerrado', 'Brazil Cerrado 1 kg', 34, 'coffee', 'Hazelnut and milk chocolate.', '#6f4e37'),
  p(4, 'kenya-nyeri', 'Kenya Nyeri 250 g', 16.9, 'coffee', 'Blackcurrant and grapefruit.', '#a0522d'),
  p(5, 'decaf-peru', 'Decaf Peru 250 g', 13.5, 'coffee', 'Sugar-cane decaf, all the taste.', '#b08968'),
  p(6, 'sencha-kagoshima', 'Sencha Kagoshima 100 g', 11.9, 'tea', 'Grassy, sweet, bright green.', '#7fa36b'),
  p(7, 'assam-breakfast', 'Assam Breakfast 200 g', 9.5, 'tea', 'Malty and strong, takes milk.', '#9c6b30'),
  p(8, 'earl-grey-bergamot', 'Earl Grey Bergamot 100 g', 10.5, 'tea', 'Calabrian bergamot oil.', '#8a9a5b'),
  p(9, 'chamomile-flowers', 'Chamomile Flowers 50 g', 7.9, 'tea', 'Whole flowers for the evening.', '#e3c567'),
  p(10, 'pour-over-dripper', 'Ceramic Pour-over Dripper', 29, 'brewing', 'Single cup, size 02 filters.', '#d8d2c4'),
  p(11, 'gooseneck-kettle', 'Gooseneck Kettle 0.9 l', 59, 'brewing', 'Steady pour, any hob.', '#5c6b73'),
  p(12, 'hand-grinder', 'Conical Burr Hand Grinder', 79, 'brewing', 'Steel burrs, 40 settings.', '#3d405b'),
  p(13, 'french-press', 'French Press 1 l', 39, 'brewing', 'Borosilicate glass, steel frame.', '#81b29a'),
  p(14, 'paper-filters', 'Paper Filters, 100 pack', 6.5, 'brewing', 'Unbleached, size 02.', '#f2e9e4'),
  p(15, 'stoneware-mug', 'Stoneware Mug 350 ml', 18, 'mugs', 'Speckled glaze, dishwasher safe.', '#e07a5f'),
  p(16, 'espresso-cups', 'Espresso Cups, set of 2', 22, 'mugs', 'Thick walls keep the crema.', '#f4a261'),
  p(17, 'travel-tumbler', 'Insulated Travel Tumbler', 27, 'mugs', 'Leak-proof lid, hot for 6 hours.', '#264653'),
  p(18, 'tea-bowl', 'Hand-thrown Tea Bowl', 24, 'mugs', 'Each one slightly different.', '#b5838d'),
];

export function productByHandle(handle: string): DemoProduct | undefined {
  return DEMO_PRODUCTS.find((x) => x.handle === handle);
}

export function productById(id: string): DemoProduct | undefined {
  return DEMO_PRODUCTS.find((x) => x.id === id);
}

export function collectionByHandle(handle: string): DemoCollection | undefined {
  return DEMO_COLLECTIONS.find((x) => x.handle === handle);
}

export function productsInCollection(handle: string): DemoProduct[] {
  return DEMO_PRODUCTS.filter((x) => x.collectionHandle === handle);
}

/** Products whose title, description or collection contains the query (case-insensitive). */
export function searchCatalog(query: string): DemoProduct[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  return DEMO_PRODUCTS.filter((x) => `${x.title} ${x.blurb} ${x.collectionHandle}`.toLowerCase().includes(q));
}

/** Shipping for a cart subtotal, and the order total; amounts rounded to cents. */
export function priceOrder(subtotal: number): { subtotal: number; shipping: number; total: number } {
  const shipping = subtotal >= DEMO_FREE_SHIPPING_FROM || subtotal === 0 ? 0 : DEMO_SHIPPING_FEE;
  return { subtotal: roundCents(subtotal), shipping, total: roundCents(subtotal + shipping) };
}

export const roundCents = (amount: number) => Math.round(amount * 100) / 100;
