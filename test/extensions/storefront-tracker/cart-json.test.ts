import { describe, expect, it } from 'vitest';
import { afterAdd } from '../../../extensions/storefront-tracker-src/cart-json.js';

const line = (key: string, variant: number, quantity: number) => ({ key, variant_id: variant, quantity, price: 1250 });

describe('afterAdd', () => {
  it('replaces the lines an add answered with (Shopify reports their quantity in the cart) and keeps the others', () => {
    const before = [line('1:a', 1, 2), line('2:b', 2, 1)];
    expect(afterAdd(before, [line('1:a', 1, 5)])).toEqual([line('2:b', 2, 1), line('1:a', 1, 5)]);
  });

  it('appends new lines, including a second line of a variant with other line item properties', () => {
    const before = [line('1:a', 1, 2)];
    expect(afterAdd(before, [line('1:engraved', 1, 1), line('3:c', 3, 1)])).toEqual([line('1:a', 1, 2), line('1:engraved', 1, 1), line('3:c', 3, 1)]);
  });
});
