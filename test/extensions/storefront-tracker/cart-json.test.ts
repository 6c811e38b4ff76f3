import { describe, expect, it } from 'vitest';
import { diffCarts, requestedQuantities } from '../../../extensions/storefront-tracker-src/cart-json.js';

const line = (variant: number, quantity: number, price = 1250) => ({ id: variant, variant_id: variant, product_id: 900 + variant, quantity, price, product_title: `Product ${variant}` });
const cart = (...items: ReturnType<typeof line>[]) => items;

describe('diffCarts', () => {
  it('emits one added and one removed event per variant whose quantity changed', () => {
    const events = diffCarts(cart(line(1, 2), line(2, 1)), cart(line(1, 5), line(3, 1)), 'EUR');
    expect(events).toEqual([
      ['Cart_ItemAdded', { productId: 901, variantId: 1, quantity: 3, price: 12.5, title: 'Product 1', currency: 'EUR' }],
      ['Cart_ItemRemoved', { productId: 902, variantId: 2, quantity: 1, price: 12.5, title: 'Product 2', currency: 'EUR' }],
      ['Cart_ItemAdded', { productId: 903, variantId: 3, quantity: 1, price: 12.5, title: 'Product 3', currency: 'EUR' }],
    ]);
  });

  it('sums lines of the same variant (line item properties split them) and ignores unchanged ones', () => {
    expect(diffCarts(cart(line(1, 1), line(1, 1)), cart(line(1, 2)))).toEqual([]);
    expect(diffCarts(cart(), cart())).toEqual([]);
    expect(diffCarts(cart(line(1, 2)), [], 'EUR')).toEqual([['Cart_ItemRemoved', expect.objectContaining({ variantId: 1, quantity: 2 })]]);
  });
});

describe('cart line events', () => {
  it('turn cents into amounts and leave out what the line does not say', () => {
    expect(diffCarts([], [{ variant_id: 7, quantity: 2 }], 'USD')).toEqual([
      ['Cart_ItemAdded', { productId: undefined, variantId: 7, quantity: 2, price: undefined, title: undefined, currency: 'USD' }],
    ]);
  });
});

describe('requestedQuantities', () => {
  it('reads JSON bodies with one item or an items array', () => {
    expect(requestedQuantities(JSON.stringify({ id: 11, quantity: 3 }))).toEqual({ 11: 3 });
    expect(requestedQuantities(JSON.stringify({ items: [{ id: 11, quantity: 2 }, { id: '12' }] }))).toEqual({ 11: 2, 12: 1 });
  });

  it('reads FormData, URLSearchParams and form-encoded strings', () => {
    const form = new FormData();
    form.set('id', '44');
    form.set('quantity', '4');
    expect(requestedQuantities(form)).toEqual({ 44: 4 });
    expect(requestedQuantities(new URLSearchParams('id=45&quantity=2'))).toEqual({ 45: 2 });
    expect(requestedQuantities('id=46&quantity=5')).toEqual({ 46: 5 });
  });

  it('knows nothing from bodies it cannot read', () => {
    expect(requestedQuantities(undefined)).toEqual({});
    expect(requestedQuantities(new Blob(['x']))).toEqual({});
    expect(requestedQuantities('{"quantity": 2}')).toEqual({});
  });
});
