import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { fixedClock } from '../../server/clock.js';
import { signSessionToken } from '../../server/auth/sign-session-token.js';
import { createShopQueries } from '../../server/db/shops.js';
import { createImportQueries } from '../../server/db/import-queries.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

describe('GET /api/order-import', () => {
  let t: TestApp;
  const get = (shop = t.shop.domain) =>
    fetch(`${t.baseUrl}/api/order-import`, { headers: { authorization: `Bearer ${signSessionToken(t.config.shopify.apiSecret, { shop, apiKey: t.config.shopify.apiKey })}` } })
      .then(async (r) => ({ status: r.status, body: await r.json() }));

  beforeAll(async () => { t = await startTestApp({ clock: fixedClock(NOW) }); });
  afterAll(async () => { await t?.stop(); });

  it('reports no import before one started, then its progress by lines read, then done', async () => {
    expect(await get()).toEqual({ status: 200, body: { status: 'none', importedOrders: 0, percent: null, error: null } });
    const imports = createImportQueries(t.db);
    const row = imports.create(t.shop.id, NOW - 60 * 86_400_000, NOW);
    t.db.prepare("UPDATE imports SET status = 'downloading', object_count = 200 WHERE id = ?").run(row.id);
    imports.recordProgress(row.id, 50, 12, NOW);
    expect((await get()).body).toMatchObject({ status: 'downloading', importedOrders: 12, percent: 25, error: null });
    t.db.prepare("UPDATE imports SET status = 'done', lines_done = 200, imported_count = 48 WHERE id = ?").run(row.id);
    expect((await get()).body).toMatchObject({ status: 'done', importedOrders: 48, percent: 100 });
  });

  it('shows a shop only its own import', async () => {
    createShopQueries(t.db).ensure('other-shop.myshopify.com', NOW);
    expect((await get('other-shop.myshopify.com')).body).toMatchObject({ status: 'none' });
  });
});
