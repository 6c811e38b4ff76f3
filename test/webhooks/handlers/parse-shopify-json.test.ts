import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseShopifyJson } from '../../../server/webhooks/parse-shopify-json.js';
import { loadSample, SAMPLES_DIR } from './handler-test-kit.js';

describe('parseShopifyJson', () => {
  it('keeps every digit of ids above 2^53 as strings, and parses everything else as JSON.parse does', () => {
    const text = '{"id":820982911946154508,"n":-9007199254740993,"small":42,"price":1234567890123456.5,"e":1e21,'
      + '"s":"id 820982911946154508, \\"quoted\\" 1234567890123456789","a":[115310627314723954, 7],"ok":true,"z":null}';
    expect(parseShopifyJson(text)).toEqual({
      id: '820982911946154508', n: '-9007199254740993', small: 42, price: 1234567890123456.5, e: 1e21,
      s: 'id 820982911946154508, "quoted" 1234567890123456789', a: ['115310627314723954', 7], ok: true, z: null,
    });
  });

  it('gives what JSON.parse gives when no id is that big', () => {
    const text = '{"a":[1,2.5,-3,"x\\\\"],"b":{"c":9007199254740991}}';
    expect(parseShopifyJson(text)).toEqual(JSON.parse(text));
  });

  it('on the published orders/create sample: only the big integers change', () => {
    const text = readFileSync(join(SAMPLES_DIR, 'orders-create.json'), 'utf8');
    const exact = parseShopifyJson(text) as Record<string, unknown> & { line_items: { product_id: unknown }[]; customer: { id: unknown } };
    expect(exact.id).toBe('820982911946154508');
    expect(exact.customer.id).toBe('115310627314723954');
    expect(exact.line_items[0]!.product_id).toBe('788032119674292922');
    expect(exact.total_price).toBe(loadSample('orders-create').total_price);
    expect(exact.order_number).toBe(1234);
  });

  it('rejects what JSON.parse rejects', () => {
    expect(() => parseShopifyJson('{"id": 12345678901234567,')).toThrow(SyntaxError);
  });
});
