import { createHmac } from 'node:crypto';

/**
 * Signs redirect query parameters as Shopify does for OAuth callbacks and admin loads: every parameter
 * except `hmac`, sorted by key, URL-encoded as `k=v` joined by `&`, HMAC-SHA256 with the app secret, hex.
 */
export function signOauthQuery(secret: string, params: Record<string, string>): Record<string, string> {
  const { hmac: _ignored, ...rest } = params;
  const message = new URLSearchParams(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))).toString();
  return { ...rest, hmac: createHmac('sha256', secret).update(message).digest('hex') };
}
