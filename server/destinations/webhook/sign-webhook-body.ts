import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature scheme of our outgoing webhooks (docs/destinations.md), the same shape Stripe and
 * Shopify use: the timestamp is signed together with the exact body bytes, so a captured request cannot
 * be replayed later with a fresh timestamp, and a receiver can refuse old ones.
 *
 *   X-Segments-Timestamp: <unix seconds>
 *   X-Segments-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 */
export const SIGNATURE_PREFIX = 'sha256=';

export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `${SIGNATURE_PREFIX}${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type WebhookSignatureCheck = { ok: true } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' };

/**
 * For receivers (and our tests): checks X-Segments-Signature against the raw body in constant time and
 * refuses timestamps further than `toleranceSeconds` from `now` (milliseconds since the epoch) in
 * either direction. Pass the body exactly as received: re-serialized JSON does not verify.
 */
export function verifyWebhookSignature(input: {
  secret: string;
  timestamp: string | number | undefined;
  body: string | Buffer;
  signature: string | undefined;
  now: number;
  toleranceSeconds?: number;
}): WebhookSignatureCheck {
  const tolerance = input.toleranceSeconds ?? 300;
  const timestamp = typeof input.timestamp === 'number' ? input.timestamp : /^\d{1,12}$/.test(input.timestamp ?? '') ? Number(input.timestamp) : NaN;
  const given = input.signature?.trim() ?? '';
  if (!Number.isSafeInteger(timestamp) || !/^sha256=[0-9a-f]{64}$/i.test(given)) return { ok: false, reason: 'malformed' };
  if (Math.abs(input.now / 1000 - timestamp) > tolerance) return { ok: false, reason: 'stale' };
  const body = typeof input.body === 'string' ? input.body : input.body.toString('utf8');
  const expected = Buffer.from(signWebhookBody(input.secret, timestamp, body).slice(SIGNATURE_PREFIX.length), 'hex');
  const actual = Buffer.from(given.slice(SIGNATURE_PREFIX.length), 'hex');
  return timingSafeEqual(expected, actual) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
