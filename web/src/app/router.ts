import { useSyncExternalStore } from 'react';

/**
 * A pathname router without a dependency: history.pushState + popstate. The query string the admin
 * was opened with (Shopify's ?shop=&host=&embedded=) is carried onto every in-app URL, so a reload or
 * a copied link still opens in the right shop; App Bridge mirrors pushState into the admin's address bar.
 */

export interface Route {
  /** The pathname without the query string, e.g. "/segments/12". */
  path: string;
  /** Named parts of the matched pattern, e.g. {id: "12"} for /segments/:id. */
  params: Record<string, string>;
}

/** The admin's page patterns, most specific first; the shell picks a page by `pattern`. */
export const ROUTE_PATTERNS = ['/', '/segments', '/segments/new', '/segments/:id', '/segments/:id/edit', '/destinations', '/settings'] as const;
export type RoutePattern = (typeof ROUTE_PATTERNS)[number];

// What identifies the shop and admin to App Bridge and the server. The rest of a document load's query
// (id_token, hmac, timestamp, session, a page's own filters) belongs to that load only.
const CARRIED = ['shop', 'host', 'embedded', 'locale'];

const carried = (() => {
  const initial = new URLSearchParams(window.location.search);
  const params = new URLSearchParams();
  for (const key of CARRIED) {
    const value = initial.get(key);
    if (value !== null) params.set(key, value);
  }
  return params;
})();

const listeners = new Set<() => void>();
let currentHref = hrefOfLocation();

function hrefOfLocation(): string {
  return window.location.pathname + window.location.search;
}

function notify(): void {
  currentHref = hrefOfLocation();
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', notify);

/** `path` (an in-app path, its own query allowed) with the carried Shopify parameters added. */
export function appHref(path: string): string {
  const [pathname = '/', query = ''] = path.split('?', 2);
  const params = new URLSearchParams(carried);
  for (const [key, value] of new URLSearchParams(query)) params.set(key, value);
  const search = params.toString();
  return search ? `${pathname}?${search}` : pathname;
}

/** True for a path this router serves (not /api, /demo, another origin or a protocol link). */
export function isAppPath(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//') && !/^\/(api|demo|proxy|assets)(\/|$)/.test(url);
}

/** Goes to an in-app path without reloading the document; `replace` does not add a history entry. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const href = appHref(path);
  if (href === hrefOfLocation()) return;
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  window.scrollTo(0, 0);
  notify();
}

/** Matches a pathname against one pattern ("/segments/:id"), or null. */
export function matchPattern(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = decodeURIComponent(have[i]!);
    if (w.startsWith(':')) params[w.slice(1)] = h;
    else if (w !== h) return null;
  }
  return params;
}

/** The first pattern matching `pathname` with its params, or null (not found). */
export function matchRoute(pathname: string): { pattern: RoutePattern; params: Record<string, string> } | null {
  for (const pattern of ROUTE_PATTERNS) {
    const params = matchPattern(pattern, pathname);
    if (params) return { pattern, params };
  }
  return null;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current route; components re-render on navigate() and on browser back/forward. */
export function useRoute(): Route & { search: string } {
  const href = useSyncExternalStore(subscribe, () => currentHref);
  const [path = '/', query = ''] = href.split('?', 2);
  return { path, params: matchRoute(path)?.params ?? {}, search: query ? `?${query}` : '' };
}
