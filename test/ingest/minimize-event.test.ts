import { describe, expect, it } from 'vitest';
import { pagePathOf, referrerHostOf, scrubEmails } from '../../server/ingest/minimize-event.js';
import { clientAddress } from '../../server/ingest/client-address.js';
import { createRateLimiter } from '../../server/ingest/create-rate-limiter.js';

describe('data minimization helpers', () => {
  it('keeps the page path and query-string keys, never their values or the fragment', () => {
    expect(pagePathOf('https://shop.example/products/a?utm_source=x&variant=1&utm_source=y#top')).toBe('/products/a?utm_source&variant');
    expect(pagePathOf('https://shop.example/')).toBe('/');
    expect(pagePathOf('/cart?token=abc')).toBe('/cart?token');
    expect(pagePathOf('https://shop.example/account/reset/jane%40example.com')).toBe('/account/reset/[email]');
    expect(pagePathOf('http://[not-a-url')).toBeNull();
  });

  it('keeps only the referrer host, and only for http(s) referrers', () => {
    expect(referrerHostOf('https://www.google.com/search?q=secret')).toBe('www.google.com');
    expect(referrerHostOf('http://l.facebook.com/l.php?u=x')).toBe('l.facebook.com');
    expect(referrerHostOf('android-app://com.google.android.gm/')).toBeNull();
    expect(referrerHostOf('')).toBeNull();
  });

  it('removes every property value that contains an email address, at any depth', () => {
    const props = { query: 'gift for bob@example.com', note: '@handle', count: 2, tags: ['vip', 'x@y.io'], nested: { email: 'a@b.co', ok: true } };
    expect(scrubEmails(props)).toEqual({ note: '@handle', count: 2, tags: ['vip'], nested: { ok: true } });
  });
});

describe('client address (memory only, for rate limits)', () => {
  it('trusts X-Forwarded-For only from loopback and private proxies', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', '198.51.100.1')).toBe('198.51.100.1');
    expect(clientAddress('::ffff:10.0.0.2', '198.51.100.1, 10.0.0.3')).toBe('198.51.100.1');
    expect(clientAddress('10.0.0.2', 'garbage')).toBe('10.0.0.2');
    expect(clientAddress('::1', undefined)).toBe('::1');
  });

  it('behind the app proxy, takes the shopper address Shopify forwarded', () => {
    expect(clientAddress('23.227.38.1', '198.51.100.7', 1)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', '198.51.100.7, 23.227.38.1', 1)).toBe('198.51.100.7');
  });
});

describe('token-bucket rate limiter', () => {
  it('allows a burst of one second, then one request per 1/rate seconds', () => {
    let now = 0;
    const limiter = createRateLimiter({ perSecond: 2, now: () => now });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 1]);
    expect(limiter.take('b')).toBe(0);
    now = 499;
    expect(limiter.take('a')).toBe(1);
    now = 1000;
    expect(limiter.take('a')).toBe(0);
  });

  it('forgets its buckets rather than grow past its key limit', () => {
    const limiter = createRateLimiter({ perSecond: 1, now: () => 0, maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) limiter.take(key);
    expect(limiter.take('a')).toBe(1);
    limiter.take('d');
    expect(limiter.take('a')).toBe(0);
  });
});
