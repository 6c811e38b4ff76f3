import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSessionQueries } from '../../../server/db/session-queries.js';
import { createShopQueries } from '../../../server/db/shops.js';
import { handleAppUninstalled } from '../../../server/webhooks/handlers/handle-app-uninstalled.js';
import { handleOrder } from '../../../server/webhooks/handlers/handle-order.js';
import { loadSample, NOW, openHandlerTestDb, type HandlerTestDb } from './handler-test-kit.js';

describe('app/uninstalled', () => {
  let t: HandlerTestDb;
  beforeEach(() => { t = openHandlerTestDb(); });
  afterEach(() => t.close());

  it('marks the shop uninstalled, deletes its sessions only, and keeps its data', () => {
    const sessions = createSessionQueries(t.db);
    const session = (id: string, shop: string) => ({
      id, shop, state: 's', isOnline: 0 as const, scope: 'read_orders', expiresAt: null, accessTokenEncrypted: 'x', refreshTokenEncrypted: null,
      refreshTokenExpiresAt: null, onlineAccessInfo: null, updatedAt: NOW,
    });
    sessions.upsert(session(`offline_${t.shop.domain}`, t.shop.domain));
    sessions.upsert(session('offline_other.myshopify.com', 'other.myshopify.com'));
    t.deliver(handleOrder, 'orders/create', loadSample('orders-create'));

    t.deliver(handleAppUninstalled, 'app/uninstalled', loadSample('app-uninstalled'), { triggeredAt: NOW - 1_000 });
    t.deliver(handleAppUninstalled, 'app/uninstalled', loadSample('app-uninstalled'), { triggeredAt: NOW });

    expect(createShopQueries(t.db).byId(t.shop.id)!.uninstalledAt).toBe(NOW - 1_000);
    expect(sessions.byShop(t.shop.domain)).toEqual([]);
    expect(sessions.byShop('other.myshopify.com')).toHaveLength(1);
    expect(t.count('SELECT COUNT(*) FROM orders WHERE shop_id = ?', t.shop.id)).toBe(1);
    expect(t.count('SELECT COUNT(*) FROM events WHERE shop_id = ?', t.shop.id)).toBe(2);
  });
});
