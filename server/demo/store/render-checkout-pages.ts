import { priceOrder, productById } from '../demo-catalog.js';
import { subtotalOf, type CartLine } from '../demo-event-properties.js';
import { COUNTRY_CODES, type PlacedOrder } from './demo-store-cookies.js';
import { STORE_BASE, esc, formatMoney } from './render-store-layout.js';

/**
 * The simulated checkout's pages. Shopify runs no theme app embeds here: what happens in checkout reaches
 * the app through the web pixel only (pixel-events.ts says which standard events each page publishes).
 */
export interface CheckoutContent {
  title: string;
  body: string;
}

function summary(lines: readonly CartLine[]): string {
  const price = priceOrder(subtotalOf(lines));
  return `<table class="summary">
    ${lines.map((l) => `<tr><td>${esc(l.product.title)} × ${l.quantity}</td><td>${formatMoney(l.quantity * l.product.price)}</td></tr>`).join('')}
    <tr><td>Shipping</td><td>${price.shipping === 0 ? 'Free' : formatMoney(price.shipping)}</td></tr>
    <tr class="total"><td>Total</td><td>${formatMoney(price.total)}</td></tr>
  </table>`;
}

const step = (title: string, action: string, fields: string) =>
  `<form method="post" action="${STORE_BASE}/checkout/${action}" class="checkout">
    <h2>${title}</h2>${fields}<button type="submit" class="primary" id="continue">Continue</button>
  </form>`;

/** The countries the demo checkout ships to. */
export const COUNTRY_NAMES: Record<(typeof COUNTRY_CODES)[number], string> = { IE: 'Ireland', GB: 'United Kingdom', DE: 'Germany', FR: 'France', US: 'United States' };

export function renderContactStep(lines: readonly CartLine[], email: string): CheckoutContent {
  return {
    title: 'Checkout',
    body: `<h1>Checkout</h1>${summary(lines)}${step('Contact', 'contact',
      `<label>Email <input type="email" name="email" required maxlength="254" autocomplete="email" value="${esc(email)}"></label>
      <label class="check"><input type="checkbox" name="acceptsMarketing" value="on"> Send me news and offers</label>`)}`,
  };
}

export function renderShippingStep(lines: readonly CartLine[]): CheckoutContent {
  return {
    title: 'Shipping',
    body: `<h1>Checkout</h1>${summary(lines)}${step('Shipping', 'shipping',
      `<p class="hint">Demo address: only the country is kept.</p>
      <label>Address <input name="address" value="1 Example Street" maxlength="100"></label>
      <label>City <input name="city" value="Dublin" maxlength="60"></label>
      <label>Country <select name="countryCode">${COUNTRY_CODES.map((c) => `<option value="${c}">${COUNTRY_NAMES[c]}</option>`).join('')}</select></label>
      <fieldset><legend>Method</legend>
        <label><input type="radio" name="shippingMethod" value="standard" checked> Standard (3–5 days)</label>
        <label><input type="radio" name="shippingMethod" value="express"> Express (next day)</label>
      </fieldset>`)}`,
  };
}

export function renderPaymentStep(lines: readonly CartLine[]): CheckoutContent {
  return {
    title: 'Payment',
    body: `<h1>Checkout</h1>${summary(lines)}${step('Payment', 'payment',
      `<p class="hint">No real payment: any choice completes the order.</p>
      <fieldset><legend>Pay with</legend>
        <label><input type="radio" name="paymentMethod" value="card" checked> Card</label>
        <label><input type="radio" name="paymentMethod" value="paypal"> PayPal</label>
      </fieldset>`)}`,
  };
}

/** The order's lines, as the thank-you page and the pixel's `checkout_completed` show them. */
export function orderLines(order: PlacedOrder): CartLine[] {
  return order.lines.flatMap((l) => {
    const product = productById(l.productId);
    return product ? [{ product, quantity: l.quantity }] : [];
  });
}

export function renderThankYou(order: PlacedOrder | null): CheckoutContent {
  if (!order) return { title: 'Thank you', body: `<h1>No recent order</h1><p><a href="${STORE_BASE}">Back to the shop</a></p>` };
  return {
    title: 'Thank you',
    body: `<h1 id="thank-you">Thank you for your order</h1><p class="lead">Order ${esc(order.orderId)} is confirmed.</p>${summary(orderLines(order))}
      <p><a href="${STORE_BASE}">Continue shopping</a></p>`,
  };
}
