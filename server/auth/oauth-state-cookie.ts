import { createHmac, timingSafeEqual } from 'node:crypto';

export const OAUTH_STATE_COOKIE = 'shopify_app_state';

/** `<nonce>.<HMAC-SHA256(secret, nonce)>`: the callback can tell a state we issued from a forged one. */
export function signState(secret: string, nonce: string): string {
  return `${nonce}.${mac(secret, nonce)}`;
}

/** The nonce when the cookie value carries our signature, else null. */
export function verifySignedState(secret: string, value: string | undefined): string | null {
  if (!value) return null;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const nonce = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(mac(secret, nonce));
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
}

/** The value of one cookie from a Cookie header (no cookie-parser dependency for a single cookie). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

const mac = (secret: string, nonce: string) => createHmac('sha256', `oauth-state:${secret}`).update(nonce).digest('base64url');
