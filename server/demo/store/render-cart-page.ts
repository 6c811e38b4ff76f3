import type { CartLine } from '../demo-event-properties.js';
import { subtotalOf } from '../demo-event-properties.js';
import type { CartError } from './cart-error.js';
import { lineKey } from './cart-json.js';
import type { StorefrontContent } from './render-catalog-pages.js';
import { STORE_BASE, esc, formatMoney } from './render-store-layout.js';

/**
 * The cart page, built like Dawn's: each line is a plain form posting to /cart/change (−, +, Remove are its
 * submit buttons, so it works without scripts); store.js turns those posts into fetch('/cart/change.js') and
 * updates the page from the answer. Both the empty and the filled state are in the page, one hidden, so the
 * script can switch between them.
 */
function lineRow(line: CartLine, index: number): string {
  const p = line.product;
  const q = line.quantity;
  return `<li class="line" data-line-key="${esc(lineKey(p.variantId))}">
      <span class="swatch small" style="background:${esc(p.swatch)}" aria-hidden="true"></span>
      <span class="line-title"><a href="${STORE_BASE}/products/${esc(p.handle)}">${esc(p.title)}</a>
        <span class="hint">${formatMoney(p.price)}</span></span>
      <form method="post" action="${STORE_BASE}/cart/change" class="line-quantity" data-cart-change>
        <input type="hidden" name="line" value="${index + 1}">
        <button type="submit" name="quantity" value="${q - 1}" data-step="-1" aria-label="Decrease quantity of ${esc(p.title)}">−</button>
        <span class="quantity" data-line-quantity>${q}</span>
        <button type="submit" name="quantity" value="${q + 1}" data-step="1" aria-label="Increase quantity of ${esc(p.title)}">+</button>
        <button type="submit" name="quantity" value="0" class="link" aria-label="Remove ${esc(p.title)}">Remove</button>
      </form>
      <span class="price" data-line-price>${formatMoney(q * p.price)}</span>
    </li>`;
}

export function renderCart(lines: readonly CartLine[]): StorefrontContent {
  const empty = lines.length === 0;
  return {
    title: 'Cart',
    pageType: 'cart',
    body: `<section data-cart-empty${empty ? '' : ' hidden'}>
      <h1>Your cart is empty</h1><p><a href="${STORE_BASE}">Continue shopping</a></p>
    </section>
    <section data-cart-filled${empty ? ' hidden' : ''}>
      <h1>Your cart</h1>
      <ul class="lines" data-cart-lines>${lines.map(lineRow).join('')}</ul>
      <p class="subtotal">Subtotal <strong data-cart-subtotal>${formatMoney(subtotalOf(lines))}</strong></p>
      <p class="hint">Shipping is calculated at checkout.</p>
      <p class="form-status" role="status" data-form-status></p>
      <p><a class="button primary" id="checkout" href="${STORE_BASE}/checkout">Check out</a></p>
    </section>`,
  };
}

/** What a classic cart form gets when the cart refuses it (a script would get Shopify's JSON error instead). */
export function renderCartError(error: CartError): StorefrontContent {
  return {
    title: 'Cart error',
    pageType: 'page',
    body: `<h1>Cart error</h1><p>${esc(error.description)}</p><p><a href="${STORE_BASE}/cart">Back to the cart</a></p>`,
  };
}
