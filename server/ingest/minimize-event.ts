import type { DeviceHints, DeviceInfo } from './parse-user-agent.js';
import type { EventSource, StoredEvent } from './stored-event.js';
import type { Identifier } from '../identity/identifier.js';
import { normalizeIdentifiers } from '../identity/normalize-identifiers.js';
import { scanHost, scanPagePath } from './scan-url.js';
import type { ValidWireEvent } from './wire-event.js';

export interface MinimizeContext {
  receivedAt: number;
  clockSkewMs: number;
  source: EventSource;
  /** A customer id Shopify vouched for (app proxy `logged_in_customer_id`); wins over the body's. */
  verifiedCustomerId: string | null;
  /** The request's User-Agent header, used when the event carries none. */
  headerUserAgent: string | undefined;
  describeDevice(userAgent: string | undefined, hints: DeviceHints): DeviceInfo;
}

const EMAIL_SOURCE = `[^\\s@/?&=#:;,<>()[\\]"']+@[^\\s@/?&=#:;,<>()[\\]"']+\\.[A-Za-z]{2,}`;
const HAS_EMAIL = new RegExp(EMAIL_SOURCE);
const EVERY_EMAIL = new RegExp(EMAIL_SOURCE, 'g');
const MAX_PATH = 2048;

/**
 * Turns a validated wire event into what may be stored: no IP (never read), no user agent (reduced
 * to families), no email outside the identifiers, no query-string values, no referrer path.
 * `properties` must already be validated; it is scrubbed of email-like values in place.
 */
export function minimizeEvent(event: ValidWireEvent, properties: Record<string, unknown>, ctx: MinimizeContext): StoredEvent {
  const occurredAt = Date.parse(event.ts);
  const timeFlagged = !(Math.abs(occurredAt - ctx.receivedAt) <= ctx.clockSkewMs);
  const context = event.context;
  const { device, os, browser } = ctx.describeDevice(context?.userAgent ?? ctx.headerUserAgent, {
    viewport: context?.viewport,
    touch: context?.touch,
  });
  const identifiers = identifiersOf(event, ctx.verifiedCustomerId ?? event.customerId ?? null);
  const consent = event.consent;
  const gpc = consent?.gpc === true;
  return {
    eventId: event.id,
    name: event.name,
    occurredAt: timeFlagged ? ctx.receivedAt : occurredAt,
    receivedAt: ctx.receivedAt,
    timeFlagged,
    visitorId: event.visitorId,
    sessionId: event.sessionId,
    cartToken: valueOf(identifiers, 'cart'),
    checkoutToken: valueOf(identifiers, 'checkout'),
    identifiers,
    device,
    os,
    browser,
    pagePath: context?.url === undefined ? null : pagePathOf(context.url),
    referrerHost: context?.referrer === undefined ? null : referrerHostOf(context.referrer),
    properties: scrubEmails(properties),
    // A Global Privacy Control signal is an opt-out of sale and targeted advertising, whatever the banner said.
    consent: {
      marketing: gpc ? false : (consent?.marketing ?? null),
      saleOfData: gpc ? false : (consent?.saleOfData ?? null),
      gpc,
    },
    source: ctx.source,
  };
}

// Canonical identifiers (docs/identity.md): e.g. a cart token loses its secret `?key=` here already.
function identifiersOf(event: ValidWireEvent, customerId: string | null): Identifier[] {
  return normalizeIdentifiers([
    { kind: 'visitor', value: event.visitorId },
    { kind: 'client', value: event.clientId },
    { kind: 'cart', value: event.cartToken },
    { kind: 'checkout', value: event.checkoutToken },
    { kind: 'email', value: event.email },
    { kind: 'customer', value: customerId },
  ]);
}

const valueOf = (identifiers: readonly Identifier[], kind: Identifier['kind']) => identifiers.find((i) => i.kind === kind)?.value ?? null;

/** `https://shop.com/products/a?utm_source=x&variant=1#top` → `/products/a?utm_source&variant`. */
export function pagePathOf(url: string): string | null {
  const path = scanPagePath(url) ?? parsedPagePath(url);
  return path === null ? null : withoutEmails(path).slice(0, MAX_PATH);
}

/** The same with WHATWG's URL parser, for the URLs the string scanner steps aside from (and the tests' oracle). */
export function parsedPagePath(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://relative.invalid');
  } catch {
    return null;
  }
  const keys = [...new Set(parsed.searchParams.keys())];
  return keys.length > 0 ? `${parsed.pathname}?${keys.map(encodeURIComponent).join('&')}` : parsed.pathname;
}

/** `https://www.google.com/search?q=x` → `www.google.com`; anything that is not an http(s) URL → null. */
export function referrerHostOf(referrer: string): string | null {
  if (!/^https?:\/\//i.test(referrer)) return null;
  const scanned = scanHost(referrer);
  if (scanned !== undefined) return scanned || null;
  try {
    return new URL(referrer).hostname || null;
  } catch {
    return null;
  }
}

function withoutEmails(path: string): string {
  if (!path.includes('@') && !path.includes('%40')) return path;
  const decoded = decodeSafely(path);
  return HAS_EMAIL.test(decoded) ? decoded.replace(EVERY_EMAIL, '[email]') : path;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function looksLikeEmail(value: unknown): boolean {
  return typeof value === 'string' && value.includes('@') && HAS_EMAIL.test(value);
}

/** Removes every value that contains an email address, at any depth (emails belong in identifiers only). */
export function scrubEmails<T extends Record<string, unknown>>(properties: T): T {
  for (const key of Object.keys(properties)) {
    const value = properties[key];
    if (looksLikeEmail(value)) delete properties[key];
    else if (Array.isArray(value)) scrubArray(value);
    else if (value !== null && typeof value === 'object') scrubEmails(value as Record<string, unknown>);
  }
  return properties;
}

function scrubArray(values: unknown[]): void {
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (looksLikeEmail(value)) values.splice(i, 1);
    else if (Array.isArray(value)) scrubArray(value);
    else if (value !== null && typeof value === 'object') scrubEmails(value as Record<string, unknown>);
  }
}
