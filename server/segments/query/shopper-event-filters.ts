import type { KnownEventName } from '../../ingest/event-catalog.js';

/**
 * The property filters `shopper_events MATCHES (...)` accepts, per event: snake_case filter name → JSON
 * key in `events.properties` and its type (docs/segment-language.md#property-filters). Explicit on
 * purpose: a filter is a promise about a stored property, so it follows server/ingest/event-catalog.ts.
 *
 * - `id`: Shopify ids, stored as strings; compared as exact text. A whole number in the query is read as
 *   its digits (`product_id = 7982301` is `product_id = '7982301'`).
 * - `string`: exact, case-sensitive text. `number`: any JSON number. `boolean`: `true` / `false`.
 * - `lineItems`: the key is looked up in each element of `properties.lineItems`; the filter holds when
 *   any line has that value (`!=`: when none has it).
 */
export type EventFilterType = 'id' | 'string' | 'number' | 'boolean';

export interface EventFilterDefinition {
  key: string;
  type: EventFilterType;
  lineItems?: true;
}

const field = (key: string, type: EventFilterType): EventFilterDefinition => ({ key, type });
const lineItemId = (key: string): EventFilterDefinition => ({ key, type: 'id', lineItems: true });

const PRODUCT = {
  product_id: field('productId', 'id'), variant_id: field('variantId', 'id'), title: field('title', 'string'),
  sku: field('sku', 'string'), vendor: field('vendor', 'string'), product_type: field('productType', 'string'),
  price: field('price', 'number'), currency: field('currency', 'string'),
};
const CART_TOTALS = { item_count: field('itemCount', 'number'), total: field('total', 'number'), currency: field('currency', 'string') };
const CART_LINE = { ...PRODUCT, quantity: field('quantity', 'number'), cart_total: field('cartTotal', 'number') };
const ORDER = {
  order_id: field('orderId', 'id'), ...CART_TOTALS, is_first_order: field('isFirstOrder', 'boolean'),
  product_id: lineItemId('productId'), variant_id: lineItemId('variantId'),
};
const ABANDONED = { ...CART_TOTALS, idle_ms: field('idleMs', 'number') };
const CLICK = { selector: field('selector', 'string') };

// Cart_Updated is absent: it is never stored (ingest turns it into Cart_ItemAdded / Cart_ItemRemoved).
export const SHOPPER_EVENT_FILTERS: Readonly<Record<Exclude<KnownEventName, 'Cart_Updated'>, Readonly<Record<string, EventFilterDefinition>>>> = {
  Page_Viewed: { title: field('title', 'string'), page_type: field('pageType', 'string') },
  Product_Viewed: PRODUCT,
  Collection_Viewed: { collection_id: field('collectionId', 'id'), title: field('title', 'string'), product_count: field('productCount', 'number') },
  Search_Submitted: { query: field('query', 'string'), result_count: field('resultCount', 'number') },
  Cart_Viewed: CART_TOTALS,
  Cart_ItemAdded: CART_LINE,
  Cart_ItemRemoved: CART_LINE,
  Checkout_Started: CART_TOTALS,
  Checkout_ContactSubmitted: { accepts_marketing: field('acceptsMarketing', 'boolean') },
  Checkout_ShippingSubmitted: { shipping_method: field('shippingMethod', 'string'), country_code: field('countryCode', 'string') },
  Payment_Submitted: { payment_method: field('paymentMethod', 'string') },
  Checkout_Completed: ORDER,
  Customer_Identified: { method: field('method', 'string') },
  Element_RageClicked: { ...CLICK, clicks: field('clicks', 'number') },
  Element_DeadClicked: CLICK,
  Page_UTurned: { from_path: field('fromPath', 'string'), dwell_ms: field('dwellMs', 'number') },
  Order_Placed: ORDER,
  Order_Cancelled: { order_id: field('orderId', 'id'), reason: field('reason', 'string') },
  Cart_Abandoned: ABANDONED,
  Checkout_Abandoned: ABANDONED,
};

export type ShopperEventName = keyof typeof SHOPPER_EVENT_FILTERS;

export const SHOPPER_EVENT_NAMES = Object.keys(SHOPPER_EVENT_FILTERS) as ShopperEventName[];

export function isShopperEventName(name: string): name is ShopperEventName {
  return Object.hasOwn(SHOPPER_EVENT_FILTERS, name);
}

/** The filter definition, or undefined when the event has no such filter. */
export function shopperEventFilter(event: ShopperEventName, filter: string): EventFilterDefinition | undefined {
  const filters = SHOPPER_EVENT_FILTERS[event];
  return Object.hasOwn(filters, filter) ? filters[filter] : undefined;
}

// The compiler writes these keys into JSON paths: they must stay plain identifiers, never user text.
for (const filters of Object.values(SHOPPER_EVENT_FILTERS)) {
  for (const definition of Object.values(filters)) {
    if (!/^[A-Za-z]+$/.test(definition.key)) throw new Error(`Event filter key ${definition.key} is not a plain identifier`);
  }
}
