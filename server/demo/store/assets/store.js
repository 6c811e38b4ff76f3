/*
 * The demo theme's own script, doing what Dawn's product form and cart do with Shopify's Ajax Cart API:
 * "Quick add" posts fetch(root + 'cart/add.js') and refreshes the header count from /cart.js; the cart
 * page's −, + and Remove buttons post fetch(root + 'cart/change.js') and redraw the lines from the answer.
 * Without this script the same buttons are plain form posts, so the shop works with scripts off.
 */
/* global window, document, fetch, location */
(function () {
  'use strict';
  var root = (window.Shopify && window.Shopify.routes && window.Shopify.routes.root) || '/';

  function readJson(res) {
    return res.json().then(function (body) {
      if (!res.ok) throw body;
      return body;
    });
  }
  function postJson(path, body) {
    return fetch(root + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    }).then(readJson);
  }
  function getCart() {
    return fetch(root + 'cart.js', { headers: { Accept: 'application/json' } }).then(readJson);
  }
  function money(cents, currency) {
    return new Intl.NumberFormat('en-IE', { style: 'currency', currency: currency }).format(cents / 100);
  }
  function setCount(count) {
    document.querySelectorAll('[data-cart-count]').forEach(function (el) { el.textContent = String(count); });
  }
  function errorText(error) {
    return (error && typeof error.description === 'string' && error.description) || 'Something went wrong. Please try again.';
  }

  // Product page: "Quick add" adds without leaving the page.
  var quickAdd = document.querySelector('[data-quick-add]');
  if (quickAdd && quickAdd.form) {
    var productForm = quickAdd.form;
    var productStatus = productForm.querySelector('[data-form-status]');
    quickAdd.hidden = false;
    quickAdd.addEventListener('click', function () {
      var quantity = parseInt(productForm.elements.quantity.value, 10) || 1;
      quickAdd.disabled = true;
      productStatus.textContent = '';
      postJson('cart/add.js', { items: [{ id: Number(productForm.elements.id.value), quantity: quantity }] })
        .then(getCart)
        .then(function (cart) {
          setCount(cart.item_count);
          productStatus.textContent = 'Added to cart.';
        })
        .catch(function (error) { productStatus.textContent = errorText(error); })
        .then(function () { quickAdd.disabled = false; });
    });
  }

  // Cart page: quantity changes through change.js, then the page follows the cart the server answered with.
  var list = document.querySelector('[data-cart-lines]');
  if (!list) return;
  var cartStatus = document.querySelector('[data-cart-filled] [data-form-status]');

  function redraw(cart) {
    var items = {};
    cart.items.forEach(function (item) { items[item.key] = item; });
    var rows = Array.prototype.slice.call(list.children);
    // A line this page does not show (changed in another tab): the page itself is out of date.
    if (cart.items.some(function (item) { return !list.querySelector('[data-line-key="' + item.key + '"]'); })) {
      location.reload();
      return;
    }
    rows.forEach(function (row) {
      var item = items[row.getAttribute('data-line-key')];
      if (!item) {
        row.remove();
        return;
      }
      row.querySelector('[data-line-quantity]').textContent = String(item.quantity);
      row.querySelector('[data-line-price]').textContent = money(item.final_line_price, cart.currency);
      row.querySelector('[data-step="-1"]').value = String(item.quantity - 1);
      row.querySelector('[data-step="1"]').value = String(item.quantity + 1);
    });
    Array.prototype.forEach.call(list.children, function (row, i) { row.querySelector('input[name="line"]').value = String(i + 1); });
    document.querySelector('[data-cart-subtotal]').textContent = money(cart.total_price, cart.currency);
    setCount(cart.item_count);
    document.querySelector('[data-cart-filled]').hidden = cart.item_count === 0;
    document.querySelector('[data-cart-empty]').hidden = cart.item_count !== 0;
  }

  list.addEventListener('submit', function (event) {
    var form = event.target;
    var button = event.submitter;
    if (!form.matches('[data-cart-change]') || !button || button.name !== 'quantity') return;
    event.preventDefault();
    var row = form.closest('[data-line-key]');
    var buttons = form.querySelectorAll('button');
    buttons.forEach(function (b) { b.disabled = true; });
    cartStatus.textContent = '';
    // Like Dawn: the line's 1-based position in the cart, which is its position on the page.
    var line = Array.prototype.indexOf.call(list.children, row) + 1;
    postJson('cart/change.js', { line: line, quantity: Number(button.value) })
      .then(redraw)
      .catch(function (error) { cartStatus.textContent = errorText(error); })
      .then(function () { buttons.forEach(function (b) { b.disabled = false; }); });
  });
})();
