import { DEMO_CURRENCY, productsInCollection, roundCents, type DemoCollection, type DemoProduct } from './demo-catalog.js';

/**
 * Event properties built from the demo catalog, shared by the seed and the storefront pages so both
 * send the same shapes (server/ingest/event-catalog.ts; docs/events.md).
 */
export interface CartLine { product: DemoProduct; quantity: number }

export const productProperties = (p: DemoProduct) => ({
  productId: p.id, variantId: p.variantId, title: p.title, price: p.price, currency: DEMO_CURRENCY,
});

export const collectionProperties = (c: DemoCollection) => ({
  collectionId: c.id, title: c.title, productCount: productsInCollection(c.handle).length,
});

export const itemCount = (lines: readonly CartLine[]) => lines.reduce((n, l) => n + l.quantity, 0);
export const subtotalOf = (lines: readonly CartLine[]) => roundCents(lines.reduce((s, l) => s + l.quantity * l.product.price, 0));

export const lineItemsOf = (lines: readonly CartLine[]) =>
  lines.map((l) => ({ productId: l.product.id, variantId: l.product.variantId, title: l.product.title, quantity: l.quantity, price: l.product.price }));
