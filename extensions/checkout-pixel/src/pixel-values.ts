import type { MoneyV2 } from '@shopify/web-pixels-extension';

/**
 * Bounded value helpers for the pixel mapping. Each one returns `undefined` instead of a value the
 * server would refuse (server/ingest/property-fields.ts, wire-event.ts): one odd field must never
 * cost the whole event, so the pixel leaves it out rather than sending it and losing everything.
 */

/** Same bounds as the server: 1 … max printable ASCII characters, no spaces. */
export function tokenOf(value: string | null | undefined, max: number): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) return undefined;
  return /^[\x21-\x7e]+$/.test(value) ? value : undefined;
}

/**
 * `gid://shopify/Product/123` → `"123"`; a bare id stays as it is. Ids are kept as strings: Shopify's
 * exceed 2^53. Anything longer than the catalog's 64 characters is dropped, never truncated, so two
 * different ids can never become one.
 */
export function shopifyIdOf(value: string | number | null | undefined): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const gid = /^gid:\/\/shopify\/[A-Za-z]+\/([^?/]+)/.exec(value);
  return tokenOf(gid ? gid[1] : value.trim(), 64);
}

/** Free text cut to the catalog's length (titles, queries); empty text is no text. */
export function textOf(value: string | null | undefined, max = 256): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, max);
}

/** A catalog amount: finite, 0 … 10⁹. */
export function amountOf(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1e9 ? value : undefined;
}

export const moneyOf = (money: MoneyV2 | null | undefined): number | undefined => amountOf(money?.amount);

export function currencyOf(...candidates: Array<string | null | undefined>): string | undefined {
  return candidates.find((c): c is string => typeof c === 'string' && /^[A-Z]{3}$/.test(c));
}

/** An integer clamped into [min, max]; not a number → undefined. */
export function intIn(value: number | null | undefined, min: number, max: number): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** Drops `undefined` values so the JSON on the wire carries only what is known. */
export function compact<T extends Record<string, unknown>>(record: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(record) as Array<keyof T>) if (record[key] !== undefined) out[key] = record[key];
  return out;
}
