import { DEMO_CURRENCY, priceOrder, productById } from '../demo-catalog.js';
import { itemCount, lineItemsOf, subtotalOf, type CartLine } from '../demo-event-properties.js';
import type { PlacedOrder } from './demo-store-cookies.js';
import { STORE_BASE, esc, formatMoney, type PageDescriptor } from './render-store-layout.js';

/**
 * The simulated checkout. Shopify runs no theme app embeds here, so these pages still carry a descriptor of
 * their events for the minimal sender, until the web pixel covers checkout.
 */
export interface CheckoutContent {
  title: string;
  pageType: string;
  body: string;
  events: PageDescriptor['events'];
}

function summary(lines: readonly CartLine[]): string {
  const price = priceOrder(subtotalOf(lines));
  return `<table class="summary">
    ${lines.map((l) => `<tr><td>${esc(l.product.title)} × ${l.quantity}</td><td>${formatMoney(l.quantity * l.product.price)}</td></tr>`).join('')}
    <tr><td>Shipping</td><td>${price.shipping === 0 ? 'Free' : formatMoney(price.shipping)}</td></tr>
    <tr class="total"><td>Total</td><td>${formatMoney(price.total)}</td></tr>
  </table>`;
}

const step = (title: string, action: string, event: string, fields: string, extra = '') =>
  `<form method="post" action="${STORE_BASE}/checkout/${action}" class="checkout" ${extra} data-event="${event}">
    <h2>${title}</h2>${fields}<button type="submit" class="primary" id="continue">Continue</button>
  </form>`;

/** Contact step; `started` is true on the request that opened this checkout (Checkout_Started). */
export function renderContactStep(lines: readonly CartLine[], email: string, started: boolean): CheckoutContent {
  const price = priceOrder(subtotalOf(lines));
  return {
    title: 'Checkout',
    pageType: 'checkout',
    body: `<h1>Checkout</h1>${summary(lines)}${step('Contact', 'contact', 'Checkout_ContactSubmitted',
      `<label>Email <input type="email" name="email" required maxlength="254" autocomplete="email" value="${esc(email)}"></label>`,
      'data-email-field="email"')}`,
    events: started ? [{ name: 'Checkout_Started', properties: { itemCount: itemCount(lines), total: price.total, currency: DEMO_CURRENCY } }] : [],
  };
}

export function renderShippingStep(lines: readonly CartLine[]): CheckoutContent {
  return {
    title: 'Shipping',
    pageType: 'checkout',
    body: `<h1>Checkout</h1>${summary(lines)}${step('Shipping', 'shipping', 'Checkout_ShippingSubmitted',
      `<p class="hint">Demo address; nothing you type here is stored.</p>
      <label>Address <input name="address" value="1 Example Street" maxlength="100"></label>
      <label>City <input name="city" value="Dublin" maxlength="60"></label>
      <label>Country <select name="countryCode"><option value="IE">Ireland</option><option value="GB">United Kingdom</option>
        <option value="DE">Germany</option><option value="FR">France</option><option value="US">United States</option></select></label>
      <fieldset><legend>Method</legend>
        <label><input type="radio" name="shippingMethod" value="standard" checked> Standard (3–5 days)</label>
        <label><input type="radio" name="shippingMethod" value="express"> Express (next day)</label>
      </fieldset>`, 'data-fields="shippingMethod,countryCode"')}`,
    events: [],
  };
}

export function renderPaymentStep(lines: readonly CartLine[]): CheckoutContent {
  return {
    title: 'Payment',
    pageType: 'checkout',
    body: `<h1>Checkout</h1>${summary(lines)}${step('Payment', 'payment', 'Payment_Submitted',
      `<p class="hint">No real payment: any choice completes the order.</p>
      <fieldset><legend>Pay with</legend>
        <label><input type="radio" name="paymentMethod" value="card" checked> Card</label>
        <label><input type="radio" name="paymentMethod" value="paypal"> PayPal</label>
      </fieldset>`, 'data-fields="paymentMethod"')}`,
    events: [],
  };
}

export function renderThankYou(order: PlacedOrder | null): CheckoutContent {
  if (!order) return { title: 'Thank you', pageType: 'thank_you', body: `<h1>No recent order</h1><p><a href="${STORE_BASE}">Back to the shop</a></p>`, events: [] };
  const lines: CartLine[] = order.lines.flatMap((l) => {
    const product = productById(l.productId);
    return product ? [{ product, quantity: l.quantity }] : [];
  });
  const price = priceOrder(subtotalOf(lines));
  return {
    title: 'Thank you',
    pageType: 'thank_you',
    body: `<h1 id="thank-you">Thank you for your order</h1><p class="lead">Order ${esc(order.orderId)} is confirmed.</p>${summary(lines)}
      <p><a href="${STORE_BASE}">Continue shopping</a></p>`,
    events: [{
      name: 'Checkout_Completed',
      properties: {
        orderId: order.orderId, itemCount: itemCount(lines), total: price.total, currency: DEMO_CURRENCY, lineItems: lineItemsOf(lines),
      },
    }],
  };
}
