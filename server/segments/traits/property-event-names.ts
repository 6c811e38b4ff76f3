/**
 * The events whose parsed properties the traits read; every other event reaches computeProfileTraits
 * with `properties: null`, so the engine parses JSON only for these (a profile has thousands of page views).
 */
export const PROPERTY_EVENT_NAMES: readonly string[] = [
  'Cart_ItemAdded', // variantId, productId, quantity, price, cartTotal, currency: cart contents
  'Cart_ItemRemoved',
  'Checkout_Started', // total, itemCount, currency: a checkout's value without a checkouts row
  'Checkout_Completed', // orderId, total: an order the pixel saw
  'Order_Placed', // orderId, total
  'Order_Cancelled', // orderId
];
