import type { Db } from './open-database.js';
import type { ShopRow } from './shops.js';
import { createShopQueries } from './shops.js';

export interface ShopInstallQueries {
  /**
   * Records that Shopify just gave the app a token for the shop: creates the shop row on a first install,
   * clears `uninstalled_at` on a reinstall (data kept since app/uninstalled is the shop's again).
   */
  recordInstall(domain: string, now: number): ShopRow;
}

export function createShopInstallQueries(db: Db): ShopInstallQueries {
  const shops = createShopQueries(db);
  const reinstall = db.prepare('UPDATE shops SET uninstalled_at = NULL WHERE domain = ? AND uninstalled_at IS NOT NULL');
  return {
    recordInstall: db.transaction((domain: string, now: number) => {
      shops.ensure(domain, now);
      reinstall.run(domain);
      return shops.byDomain(domain) as ShopRow;
    }),
  };
}
