import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createShopifyApi } from '../../server/shopify/create-shopify-api.js';
import { loadConfig } from '../../server/config.js';
import { expectedAppProxySignature, verifyAppProxySignature, type ProxyQuery } from '../../server/shopify/verify-app-proxy-signature.js';

const SECRET = 'app-proxy-test-secret';
const api = createShopifyApi({ ...loadConfig({}), shopify: { apiKey: 'test-key', apiSecret: SECRET } });
// The library checks the timestamp against the wall clock, so these queries are signed "now".
const nowSeconds = () => Math.floor(Date.now() / 1000);
const libraryAccepts = (query: ProxyQuery) => api.utils.validateHmac(query as Record<string, string>, { signator: 'appProxy' });

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const KEYS = ['shop', 'logged_in_customer_id', 'path_prefix', 'timestamp', 'a', 'B', 'z', '_x', 'extra', 'Éclair', 'ids[]', 'q'];
const VALUES = ['', 'demo-shop.myshopify.com', '/apps/segments', '12345', 'with space', 'ünïcödé', 'a=b&c', 'x,y', '日本'];

function randomQuery(random: () => number): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = { shop: 'demo-shop.myshopify.com', timestamp: String(nowSeconds()) };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  for (let i = 0; i < 1 + Math.floor(random() * 5); i++) {
    const key = pick(KEYS);
    if (key === 'timestamp') continue;
    query[key] = random() < 0.25 ? [pick(VALUES), pick(VALUES)] : pick(VALUES);
  }
  return query;
}

describe('verifyAppProxySignature', () => {
  it('signs exactly as @shopify/shopify-api validates (validateHmac, signator appProxy), over 300 random queries', async () => {
    const random = seededRandom(7);
    for (let i = 0; i < 300; i++) {
      const query = randomQuery(random);
      const signed: Record<string, string | string[]> = { ...query, signature: expectedAppProxySignature(query, SECRET) };
      expect(await libraryAccepts(signed), JSON.stringify(signed)).toBe(true);
      expect(verifyAppProxySignature(signed, { secret: SECRET, nowSeconds: nowSeconds(), maxAgeSeconds: 90 })).toBe('valid');

      // Any change to a signed value is caught by both.
      const key = Object.keys(query).find((k) => k !== 'timestamp')!;
      const tampered = { ...signed, [key]: `${String(signed[key])}!` };
      expect(await libraryAccepts(tampered)).toBe(false);
      expect(verifyAppProxySignature(tampered, { secret: SECRET, nowSeconds: nowSeconds(), maxAgeSeconds: 90 })).toBe('invalid_signature');
    }
  });

  it('matches the documented algorithm on a fixed example', () => {
    const query = { shop: 'some-shop.myshopify.com', logged_in_customer_id: '', path_prefix: '/apps/awesome_reviews', timestamp: '1317327555', extra: ['1', '2'] };
    // Message: sorted "key=value" pairs, arrays joined with ",", no separator between pairs.
    const message = 'extra=1,2logged_in_customer_id=path_prefix=/apps/awesome_reviewsshop=some-shop.myshopify.comtimestamp=1317327555';
    expect(expectedAppProxySignature(query, 'hush')).toBe(createHmac('sha256', 'hush').update(message).digest('hex'));
    // `signature` and `hmac` never take part in the message.
    expect(expectedAppProxySignature({ ...query, signature: 'x', hmac: 'y' }, 'hush')).toBe(expectedAppProxySignature(query, 'hush'));
  });

  it('refuses a missing, malformed or upper-case signature as the library does', async () => {
    const query = { shop: 'demo-shop.myshopify.com', timestamp: String(nowSeconds()) };
    const good = expectedAppProxySignature(query, SECRET);
    const options = { secret: SECRET, nowSeconds: nowSeconds(), maxAgeSeconds: 90 };
    expect(verifyAppProxySignature(query, options)).toBe('invalid_signature');
    await expect(libraryAccepts(query)).rejects.toThrow();
    for (const signature of ['abc', good.toUpperCase(), `${good}00`, ['a', 'b']]) {
      expect(verifyAppProxySignature({ ...query, signature } as ProxyQuery, options)).toBe('invalid_signature');
    }
    expect(await libraryAccepts({ ...query, signature: good.toUpperCase() })).toBe(false);
    expect(verifyAppProxySignature({ ...query, signature: good }, { ...options, secret: 'other' })).toBe('invalid_signature');
  });

  it('refuses a correctly signed request whose timestamp is more than 90 s away, either way', () => {
    const at = 1_750_000_000;
    const query = { shop: 'demo-shop.myshopify.com', timestamp: String(at) };
    const signed = { ...query, signature: expectedAppProxySignature(query, SECRET) };
    const check = (nowSeconds: number) => verifyAppProxySignature(signed, { secret: SECRET, nowSeconds, maxAgeSeconds: 90 });
    expect([check(at), check(at + 90), check(at - 90)]).toEqual(['valid', 'valid', 'valid']);
    expect([check(at + 91), check(at - 91)]).toEqual(['stale_request', 'stale_request']);
    const noTimestamp = { shop: 'demo-shop.myshopify.com' };
    expect(verifyAppProxySignature({ ...noTimestamp, signature: expectedAppProxySignature(noTimestamp, SECRET) }, { secret: SECRET, nowSeconds: at, maxAgeSeconds: 90 })).toBe('stale_request');
  });
});
