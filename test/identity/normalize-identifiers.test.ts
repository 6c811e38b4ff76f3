import { describe, expect, it } from 'vitest';
import { MAX_IDENTIFIER_LENGTH, normalizeIdentifiers } from '../../server/identity/normalize-identifiers.js';

describe('normalizeIdentifiers', () => {
  it('trims values, lower-cases emails and removes duplicates after normalizing, keeping input order', () => {
    expect(normalizeIdentifiers([
      { kind: 'visitor', value: ' v-1 ' },
      { kind: 'email', value: '  Ann.Lee+Shop@Example.COM ' },
      { kind: 'visitor', value: 'v-1' },
      { kind: 'email', value: 'ann.lee+shop@example.com' },
      { kind: 'client', value: 'v-1' },
    ])).toEqual([
      { kind: 'visitor', value: 'v-1' },
      { kind: 'email', value: 'ann.lee+shop@example.com' },
      { kind: 'client', value: 'v-1' },
    ]);
  });

  it('drops empty, placeholder, malformed and over-long values instead of letting them join strangers', () => {
    const long = 'x'.repeat(MAX_IDENTIFIER_LENGTH + 1);
    expect(normalizeIdentifiers([
      { kind: 'visitor', value: '' },
      { kind: 'visitor', value: '   ' },
      { kind: 'visitor', value: null },
      { kind: 'client', value: undefined },
      { kind: 'visitor', value: 'undefined' },
      { kind: 'cart', value: 'NULL' },
      { kind: 'checkout', value: '[object Object]' },
      { kind: 'email', value: 'not an email' },
      { kind: 'email', value: 'two@at@signs' },
      { kind: 'email', value: `${'a'.repeat(250)}@example.com` },
      { kind: 'visitor', value: long },
      { kind: 'customer', value: Number.NaN },
      { kind: 'customer', value: 'gid://shopify/Customer/' },
    ])).toEqual([]);
    expect(normalizeIdentifiers([{ kind: 'visitor', value: 'x'.repeat(MAX_IDENTIFIER_LENGTH) }])).toHaveLength(1);
  });

  it('reduces Shopify spellings of one customer and one cart to the same value', () => {
    expect(normalizeIdentifiers([{ kind: 'customer', value: 'gid://shopify/Customer/7421' }])).toEqual([{ kind: 'customer', value: '7421' }]);
    expect(normalizeIdentifiers([{ kind: 'customer', value: 7421 }])).toEqual([{ kind: 'customer', value: '7421' }]);
    for (const spelling of ['c1-abc?key=secret', 'gid://shopify/Cart/c1-abc?key=secret', 'c1-abc', ' gid://shopify/Cart/c1-abc ']) {
      expect(normalizeIdentifiers([{ kind: 'cart', value: spelling }])).toEqual([{ kind: 'cart', value: 'c1-abc' }]);
    }
  });

  it('keeps one customer per event: a second, different customer id is dropped', () => {
    expect(normalizeIdentifiers([
      { kind: 'customer', value: '1' },
      { kind: 'customer', value: 'gid://shopify/Customer/1' },
      { kind: 'customer', value: '2' },
      { kind: 'visitor', value: 'v' },
    ])).toEqual([{ kind: 'customer', value: '1' }, { kind: 'visitor', value: 'v' }]);
  });
});
