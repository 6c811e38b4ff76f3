import type { ShopQueries, ShopRow } from '../db/shops.js';

export type ShopLookup = (domain: string) => ShopRow | undefined;

/**
 * Shop rows by domain, remembered for `ttlMs` of real time. Each collect request needs its shop, and a
 * lone read outside a transaction costs SQLite a read snapshot: about a tenth of a 1-event request.
 * An uninstall or a new ingest key therefore takes effect within `ttlMs`. Unknown domains are not
 * remembered, so a flood of made-up shops cannot fill the cache.
 */
export function createShopLookup(shops: ShopQueries, options: { ttlMs: number; now: () => number; maxEntries?: number }): ShopLookup {
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { shop: ShopRow; until: number }>();
  return (domain) => {
    const t = options.now();
    const hit = cache.get(domain);
    if (hit !== undefined && hit.until > t) return hit.shop;
    const shop = shops.byDomain(domain);
    if (shop === undefined) {
      cache.delete(domain);
      return undefined;
    }
    if (cache.size >= maxEntries) cache.clear();
    cache.set(domain, { shop, until: t + options.ttlMs });
    return shop;
  };
}
