import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * True when `header` is the base64 HMAC-SHA256 of the raw body under the app's API secret, as Shopify
 * signs webhooks (shopify.md §5.1). Compares the base64 text itself in constant time: decoding first
 * would let padding or stray characters pass as the same bytes.
 */
export function verifyWebhookHmac(rawBody: Buffer, header: string | undefined, apiSecret: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(createHmac('sha256', apiSecret).update(rawBody).digest('base64'));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
