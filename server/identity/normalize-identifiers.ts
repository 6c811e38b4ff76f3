import type { Identifier, IdentifierKind } from './identifier.js';

/** An identifier as it arrives from a request, a webhook or the seed: possibly empty or untidy. */
export interface RawIdentifier {
  kind: IdentifierKind;
  value: string | number | null | undefined;
}

/** Longer values are dropped, never truncated: two truncated ids could collide and merge strangers. */
export const MAX_IDENTIFIER_LENGTH = 256;
const MAX_EMAIL_LENGTH = 254;

// Values sloppy clients send for "no value" (String(undefined) and friends). Kept as identifiers they
// would join every shopper whose script had the same bug into one giant profile.
const PLACEHOLDERS = new Set(['null', 'undefined', 'nan', 'false', '[object object]']);
const EMAIL_FORM = /^[^\s@]+@[^\s@]+$/;
const CUSTOMER_GID = 'gid://shopify/customer/';
const CART_GID = 'gid://shopify/cart/';

/**
 * The identifiers of one event in canonical form (docs/identity.md#identifiers): values trimmed,
 * empty, placeholder or over-long values dropped, emails lower-cased (and dropped unless they look
 * like an address), Shopify gids reduced to the bare id, the secret `?key=` of a cart token removed,
 * duplicates removed. An event belongs to at most one customer: a second, different customer id is
 * dropped. Input order is kept.
 */
export function normalizeIdentifiers(raw: readonly RawIdentifier[]): Identifier[] {
  const out: Identifier[] = [];
  const seen = new Set<string>();
  let hasCustomer = false;
  for (const { kind, value } of raw) {
    const normalized = normalizeValue(kind, value);
    if (normalized === null) continue;
    const key = `${kind}\u0000${normalized}`;
    if (seen.has(key)) continue;
    if (kind === 'customer') {
      if (hasCustomer) continue;
      hasCustomer = true;
    }
    seen.add(key);
    out.push({ kind, value: normalized });
  }
  return out;
}

function normalizeValue(kind: IdentifierKind, value: RawIdentifier['value']): string | null {
  if (value === null || value === undefined) return null;
  let v = (typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value).trim();
  if (v === '' || v.length > MAX_IDENTIFIER_LENGTH || PLACEHOLDERS.has(v.toLowerCase())) return null;
  switch (kind) {
    case 'email':
      v = v.toLowerCase();
      return v.length <= MAX_EMAIL_LENGTH && EMAIL_FORM.test(v) ? v : null;
    case 'customer':
      v = stripPrefix(v, CUSTOMER_GID);
      break;
    case 'cart': {
      // The storefront, the pixel and order webhooks spell one cart three ways; `?key=` is an access secret.
      v = stripPrefix(v, CART_GID);
      const query = v.indexOf('?');
      if (query >= 0) v = v.slice(0, query);
      break;
    }
    default:
      break;
  }
  return v === '' ? null : v;
}

function stripPrefix(value: string, lowerPrefix: string): string {
  return value.length >= lowerPrefix.length && value.slice(0, lowerPrefix.length).toLowerCase() === lowerPrefix
    ? value.slice(lowerPrefix.length)
    : value;
}
