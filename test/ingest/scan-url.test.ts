import { describe, expect, it } from 'vitest';
import { scanHost, scanPagePath } from '../../server/ingest/scan-url.js';
// WHATWG's parser, what minimize-event.ts falls back on: the fast paths must agree with it or step aside.
import { parsedPagePath } from '../../server/ingest/minimize-event.js';


function parserHost(url: string): string | null {
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

const TRICKY = [
  'https://demo-shop.myshopify.com/products/linen-shirt?variant=1',
  'https://shop.example/products/a?utm_source=x&variant=1&utm_source=y#top',
  'https://shop.example', 'https://shop.example?x=1', 'https://shop.example/', 'https://Shop.Example/A?B=1',
  '/cart?token=abc', '/', '//evil.example/path', '/\\evil', 'cart', '?x=1', '',
  'https://shop.example/a/../b', 'https://shop.example/a/./b', 'https://shop.example/a/%2e%2e/b', 'https://shop.example/a/.',
  'https://shop.example/a b', 'https://shop.example/a\tb', 'https://shop.example/a\nb', ' https://shop.example/a', 'https://shop.example/a ',
  'https://shop.example/caf\u00e9', 'https://shop.example/a?caf\u00e9=1', 'https://shop.example/a?a+b=1', 'https://shop.example/a?a%20b=1',
  'https://shop.example/a?=1', 'https://shop.example/a?&&a&b=&a=2', 'https://shop.example/a?x=1#frag?y=2', 'https://shop.example/a#?y=2',
  'https://shop.example/a?x=a b&y', 'https://shop.example/a"b', 'https://shop.example/a<b>', 'https://shop.example/a{b}', 'https://shop.example/a|b',
  'http://1.2.3.4/a', 'http://999.1.1.1/a', 'http://123/a', 'http://0x7f.1/a', 'http://a.0x1/a', 'http://a.1./a', 'http://a.b./a',
  'http://xn--nxasmq6b.com/a', 'http://xn--a.com/a', 'http://[::1]/a', 'http://[not-a-url', 'http://user@host/a', 'http://host:8080/a',
  'http://host:99999/a', 'HTTPS://shop.example/a', 'ftp://shop.example/a', 'http:/shop.example/a', 'http://', 'https:///a',
  'https://shop.example/account/reset/jane%40example.com', 'https://shop.example/%zz', 'https://shop.example/a?x=%zz', 'https://-a-.b-/c',
];

describe('URL fast paths (same answers as the WHATWG parser)', () => {
  it('reduce a page URL to its path and query keys exactly as the parser would, or step aside', () => {
    for (const url of TRICKY) {
      const scanned = scanPagePath(url);
      if (scanned !== undefined) expect([url, scanned]).toEqual([url, parsedPagePath(url)]);
    }
    expect(scanPagePath('https://demo-shop.myshopify.com/products/linen-shirt?variant=1&variant=2&utm_source=x')).toBe('/products/linen-shirt?variant&utm_source');
    expect(scanPagePath('/cart?token=abc')).toBe('/cart?token');
  });

  it('read a referrer host exactly as the parser would, or step aside', () => {
    for (const url of TRICKY) {
      const scanned = scanHost(url);
      if (scanned !== undefined) expect([url, scanned]).toEqual([url, parserHost(url)]);
    }
    expect(scanHost('https://www.google.com/search?q=x')).toBe('www.google.com');
    expect(scanHost('http://999.1.1.1/')).toBeUndefined();
  });

  it('agree with the parser on random URLs built from troublesome pieces', () => {
    const pieces = ['a', 'Z', '0', '9', '.', '/', '?', '&', '=', '#', '%', '%2e', '%40', '@', ':', '-', '_', '~', '+', ' ', '\t', '\\', '\u00e9', 'xn--', '..', '/.', '0x', '[', '"', "'", '*', '(', ';', '!', '$', '^', '|', '`', '{', '<'];
    const starts = ['https://', 'http://', '/', '//', 'HTTPS://', 'https://shop.example', 'http://1.2.3.4', 'https://a.b.c', '', 'https://demo-shop.myshopify.com/products/'];
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let fast = 0;
    for (let k = 0; k < 50_000; k++) {
      let url = starts[next(starts.length)]!;
      for (let j = next(12); j > 0; j--) url += pieces[next(pieces.length)];
      const path = scanPagePath(url);
      if (path !== undefined) {
        fast++;
        expect([url, path]).toEqual([url, parsedPagePath(url)]);
      }
      const host = scanHost(url);
      if (host !== undefined) expect([url, host]).toEqual([url, parserHost(url)]);
    }
    expect(fast).toBeGreaterThan(1000);
  });
});
