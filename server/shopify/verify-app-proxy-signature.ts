import { createHmac, timingSafeEqual } from 'node:crypto';

/** A parsed query string: repeated parameters arrive as arrays (node:querystring, Express's parser). */
export type ProxyQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

export type AppProxyVerdict = 'valid' | 'invalid_signature' | 'stale_request';

/**
 * The signature Shopify's app proxy puts in `signature` (shopify.md §4.2, same as @shopify/shopify-api's
 * `validateHmac(query, {signator: 'appProxy'})`): drop `signature` and `hmac`, sort the keys, emit
 * `key=value` with repeated values joined by `,`, concatenate without separator, HMAC-SHA256 hex.
 */
export function expectedAppProxySignature(query: ProxyQuery, secret: string): string {
  let message = '';
  for (const key of Object.keys(query).sort((a, b) => a.localeCompare(b))) {
    if (key === 'signature' || key === 'hmac') continue;
    const value = query[key];
    if (value === undefined) continue;
    message += `${key}=${typeof value === 'string' ? value : value.join(',')}`;
  }
  return createHmac('sha256', secret).update(message).digest('hex');
}

/**
 * Checks an app-proxy request: the signature first (constant-time), then the `timestamp` must be
 * within `maxAgeSeconds` of `nowSeconds` (either way, as the library does). Pure: the clock is passed in.
 */
export function verifyAppProxySignature(
  query: ProxyQuery,
  options: { secret: string; nowSeconds: number; maxAgeSeconds: number },
): AppProxyVerdict {
  const given = query.signature;
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) return 'invalid_signature';
  const expected = Buffer.from(expectedAppProxySignature(query, options.secret), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) return 'invalid_signature';
  const timestamp = typeof query.timestamp === 'string' && /^\d{1,12}$/.test(query.timestamp) ? Number(query.timestamp) : NaN;
  if (!(Math.abs(options.nowSeconds - timestamp) <= options.maxAgeSeconds)) return 'stale_request';
  return 'valid';
}
