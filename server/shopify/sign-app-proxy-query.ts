import { createHmac } from 'node:crypto';

export type ProxyQuery = Record<string, string | string[]>;

export interface AppProxyRequest {
  shop: string;
  /** The logged-in customer's id; Shopify sends an empty string when nobody is logged in. */
  loggedInCustomerId: string | null;
  /** Where the proxy is mounted on the storefront, e.g. `/apps/segments`. */
  pathPrefix: string;
  /** Unix seconds. */
  timestamp: number;
  /** The storefront request's own query parameters, forwarded as they are. */
  query?: ProxyQuery;
}

/**
 * The query Shopify's app proxy adds when it forwards a storefront request
 * (../shared/reference/shopify.md §4): shop, logged_in_customer_id, path_prefix, timestamp, and
 * `signature` = hex HMAC-SHA256, keyed with the app secret, over every other parameter as `key=value`,
 * keys sorted, repeated values joined with `,`, pieces concatenated with no separator.
 * Used by the demo server to play Shopify's part, and by tests.
 */
export function signAppProxyQuery(secret: string, request: AppProxyRequest): Record<string, string | string[]> {
  const { signature: _ignored, hmac: _alsoIgnored, ...rest } = request.query ?? {};
  const params: ProxyQuery = {
    ...rest,
    shop: request.shop,
    logged_in_customer_id: request.loggedInCustomerId ?? '',
    path_prefix: request.pathPrefix,
    timestamp: String(request.timestamp),
  };
  return { ...params, signature: appProxySignature(secret, params) };
}

export function appProxySignature(secret: string, params: ProxyQuery): string {
  // localeCompare, as @shopify/shopify-api's validator sorts; identical to a byte sort for Shopify's own keys.
  const message = Object.keys(params)
    .filter((key) => key !== 'signature' && key !== 'hmac')
    .sort((a, b) => a.localeCompare(b))
    .map((key) => {
      const value = params[key]!;
      return `${key}=${Array.isArray(value) ? value.join(',') : value}`;
    })
    .join('');
  return createHmac('sha256', secret).update(message).digest('hex');
}

/** Serializes a signed query for a URL, repeating keys whose value is a list. */
export function toSearchParams(query: Record<string, string | string[]>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) out.append(key, v);
  }
  return out;
}
