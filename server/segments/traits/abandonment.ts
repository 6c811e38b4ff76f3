import { EVENT_CATALOG } from '../../ingest/event-catalog.js';
import { uuidV8FromHash } from '../../ingest/uuid-v8-from-hash.js';
import type { Purchase } from './collect-orders.js';
import type { FactDevice } from './profile-facts.js';
import type { DerivedEventName, DerivedTraitEvent } from './profile-traits.js';

/** A cart or checkout left idle for the whole window after `lastActivityAt`. */
export interface IdleEpisode {
  /** Cart token for carts, checkout token for checkouts; null when the profile never had one. */
  token: string | null;
  lastActivityAt: number;
  device: FactDevice;
  itemCount: number | null;
  total: number | null;
  currency: string | null;
}

export interface Abandonment extends IdleEpisode {
  name: DerivedEventName;
  abandonedAt: number;
  cartToken: string | null;
  checkoutToken: string | null;
  recoveryUrl: string | null;
}

/**
 * Keeps the episodes that no purchase converted: no purchase of the profile in [L, L + window], and none
 * carrying the episode's own token at or before L + window (a token names one cart or checkout, and
 * Shopify and browser clocks differ, so an order of that very cart converts it even if stamped before L).
 */
export function unconvertedEpisodes<T extends IdleEpisode>(
  episodes: readonly T[], purchases: readonly Purchase[], windowMs: number, tokenField: 'cartToken' | 'checkoutToken',
): T[] {
  if (episodes.length === 0) return [];
  if (purchases.length === 0) return [...episodes];
  const firstByToken = new Map<string, number>();
  for (const p of purchases) {
    const token = p[tokenField];
    if (token !== null && !firstByToken.has(token)) firstByToken.set(token, p.at);
  }
  const times = purchases.map((p) => p.at);
  return episodes.filter((e) => {
    const abandonedAt = e.lastActivityAt + windowMs;
    const ownPurchase = e.token === null ? undefined : firstByToken.get(e.token);
    if (ownPurchase !== undefined && ownPurchase <= abandonedAt) return false;
    const next = times[firstAtOrAbove(times, e.lastActivityAt)];
    return next === undefined || next > abandonedAt;
  });
}

/** The abandonment an unconverted episode makes, due at L + window. */
export function abandonmentOf(
  e: IdleEpisode, windowMs: number, name: DerivedEventName, tokens: { cartToken: string | null; checkoutToken: string | null }, recoveryUrl: string | null,
): Abandonment {
  return {
    token: e.token, lastActivityAt: e.lastActivityAt, device: e.device, itemCount: e.itemCount, total: e.total, currency: e.currency,
    name, abandonedAt: e.lastActivityAt + windowMs, cartToken: tokens.cartToken, checkoutToken: tokens.checkoutToken, recoveryUrl,
  };
}

function firstAtOrAbove(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! >= value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The abandonment the traits show: the latest one due, unless the shopper bought after it (then the
 * earlier ones are answered too). The derived events stay either way: they record what happened.
 */
export function currentAbandonment(due: readonly Abandonment[], lastPurchaseAt: number | null): Abandonment | null {
  let latest: Abandonment | null = null;
  for (const a of due) if (latest === null || a.abandonedAt >= latest.abandonedAt) latest = a;
  if (latest === null || (lastPurchaseAt !== null && lastPurchaseAt > latest.abandonedAt)) return null;
  return latest;
}

/**
 * The first hex digit of every abandonment event's id. Client ids start with their time (`0…` until the
 * year 2527): `f` keeps the engine's events together at the end of the events' id index, so storing the
 * 34,000 abandonments of a shop's first build rewrites a few hundred index pages instead of one page per
 * event (docs/performance.md, "Session 5"). Migration 012 moved the ids stored before.
 */
export const ABANDONMENT_ID_PREFIX = 'f';

/**
 * The event of an abandonment. Its id hashes the shop, the name, the token and the last activity: the
 * same episode always gets the same id (stored once however often it is derived), a new episode of the
 * same cart (activity after the abandonment) a new one. Without a token the profile stands in for it.
 */
export function abandonmentEvent(a: Abandonment, shopId: number, profileId: number, windowMs: number): DerivedTraitEvent {
  const time = ABANDONMENT_ID_PREFIX + Math.max(0, Math.min(a.abandonedAt, 0xfffffffffff)).toString(16).padStart(11, '0');
  const token = a.token ?? `profile:${profileId}`;
  const properties = withinCatalog(a.name, {
    itemCount: a.itemCount ?? undefined, total: a.total ?? undefined, currency: a.currency ?? undefined, idleMs: windowMs,
  });
  return {
    eventId: uuidV8FromHash(time, [shopId, a.name, token, a.lastActivityAt].join('\u0000')),
    name: a.name,
    occurredAt: a.abandonedAt,
    cartToken: a.cartToken,
    checkoutToken: a.checkoutToken,
    device: a.device,
    properties,
  };
}

/**
 * The properties the catalog accepts: a value outside its bounds (an idle window over one day, a total
 * above 10^9) is left out rather than refusing the event, as ingestion drops what it cannot keep.
 */
function withinCatalog(name: DerivedEventName, properties: DerivedTraitEvent['properties']): DerivedTraitEvent['properties'] {
  const schema = EVENT_CATALOG[name].properties;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) if (value !== undefined) kept[key] = value;
  // Usually all of it fits: one check then, one per property only to find what does not.
  if (schema.safeParse(kept).success) return kept as DerivedTraitEvent['properties'];
  for (const key of Object.keys(kept)) if (!schema.safeParse({ [key]: kept[key] }).success) delete kept[key];
  return kept as DerivedTraitEvent['properties'];
}
