import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthKit, rawSession, issuedAccessTokens, type AuthKit } from './auth-test-kit.js';

describe('install by token exchange (first authenticated /api load)', () => {
  let k: AuthKit;
  beforeAll(async () => { k = await startAuthKit(); });
  afterAll(async () => { await k.stop(); });

  it('exchanges the session token once for an expiring offline token, stores it encrypted and records the shop', async () => {
    const shop = 'cool-shop.myshopify.com';
    const res = await k.api('/api/overview', shop);
    expect(res.status).toBe(200);

    const exchanges = k.fake.calls('token').filter((c) => c.shop === shop);
    expect(exchanges).toEqual([expect.objectContaining({ operation: 'urn:ietf:params:oauth:grant-type:token-exchange', expiring: '1', status: 200 })]);

    const [accessToken] = issuedAccessTokens(k.fake, shop);
    const refreshToken = [...k.fake.state.refreshTokens].find(([, v]) => v.shop === shop)?.[0];
    const row = rawSession(k.t, shop);
    expect(row?.shop).toBe(shop);
    expect(row?.expires_at).toBe(k.clock.now() + 3600 * 1000);
    // Nothing in the row reveals either token.
    const rowText = JSON.stringify(row);
    expect(accessToken && refreshToken).toBeTruthy();
    expect(rowText).not.toContain(accessToken);
    expect(rowText).not.toContain(refreshToken);
    expect(row?.access_token_encrypted).toMatch(/^v1\./);

    const shopRow = k.t.db.prepare('SELECT domain, uninstalled_at AS uninstalledAt FROM shops WHERE domain = ?').get(shop);
    expect(shopRow).toEqual({ domain: shop, uninstalledAt: null });

    // The second load uses the stored token.
    expect((await k.api('/api/overview', shop)).status).toBe(200);
    expect(k.fake.calls('token').filter((c) => c.shop === shop)).toHaveLength(1);
  });

  it('connects the web pixel after the install with the collector URL and the shop ingest key', async () => {
    const shop = 'pixel-shop.myshopify.com';
    expect((await k.api('/api/overview', shop)).status).toBe(200);
    await k.t.app.shopifyAuth.settled();
    const ingestKey = k.t.db.prepare('SELECT ingest_key FROM shops WHERE domain = ?').pluck().get(shop);
    const pixel = k.fake.state.pixels.get(shop);
    expect(JSON.parse(pixel?.settings ?? '{}')).toEqual({ collectorUrl: 'https://segments.example.com/collect', ingestKey });
    // The order-history import runs beside post-install (its own tests: test/shopify/import-order-history.test.ts).
    const operations = k.fake.calls('graphql').filter((c) => c.shop === shop).map((c) => c.operation);
    expect(operations.filter((o) => !/bulkOperation/i.test(o))).toEqual(['webPixel', 'webPixelCreate', 'themes']);
    expect(operations).toContain('bulkOperationRunQuery');
  });

  it('exchanges only once when the first loads arrive together', async () => {
    const shop = 'busy-shop.myshopify.com';
    const responses = await Promise.all(Array.from({ length: 6 }, () => k.api('/api/overview', shop)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(k.fake.calls('token').filter((c) => c.shop === shop)).toHaveLength(1);
    await k.t.app.shopifyAuth.settled();
    expect(k.fake.calls('graphql').filter((c) => c.shop === shop && c.operation === 'webPixelCreate')).toHaveLength(1);
  });

  it('refreshes a token about to expire before using it, and stores the rotated pair', async () => {
    const shop = 'refresh-shop.myshopify.com';
    expect((await k.api('/api/overview', shop)).status).toBe(200);
    await k.t.app.shopifyAuth.settled(); // the post-install calls run at install time, before the clock moves
    const before = rawSession(k.t, shop);
    k.clock.advance(56 * 60 * 1000); // 4 minutes left: inside the 5-minute margin

    expect((await k.api('/api/overview', shop)).status).toBe(200);
    const calls = k.fake.calls('token').filter((c) => c.shop === shop).map((c) => c.operation);
    expect(calls).toEqual(['urn:ietf:params:oauth:grant-type:token-exchange', 'refresh_token']);
    const after = rawSession(k.t, shop);
    expect(after?.access_token_encrypted).not.toBe(before?.access_token_encrypted);
    expect(after?.expires_at).toBe(k.clock.now() + 3600 * 1000);
    // The old refresh token was spent (Shopify rotates them); only the new one is live.
    expect([...k.fake.state.refreshTokens.values()].filter((v) => v.shop === shop)).toHaveLength(1);

    // Background work (no session token) gets the refreshed token too.
    const data = await k.t.app.shopifyAuth.graphqlFor(shop).request<{ shop: { id: string } }>('query { shop { id } }');
    expect(data.shop.id).toMatch(/^gid:\/\/shopify\/Shop\/\d+$/);
    k.clock.advance(-56 * 60 * 1000);
  });

  it('falls back to token exchange when the refresh token was refused', async () => {
    const shop = 'revoked-shop.myshopify.com';
    expect((await k.api('/api/overview', shop)).status).toBe(200);
    await k.t.app.shopifyAuth.settled();
    for (const [token, v] of k.fake.state.refreshTokens) if (v.shop === shop) k.fake.state.refreshTokens.delete(token);
    k.clock.advance(61 * 60 * 1000);
    expect((await k.api('/api/overview', shop)).status).toBe(200);
    expect(k.fake.calls('token').filter((c) => c.shop === shop).map((c) => [c.operation, c.status])).toEqual([
      ['urn:ietf:params:oauth:grant-type:token-exchange', 200],
      ['refresh_token', 400],
      ['urn:ietf:params:oauth:grant-type:token-exchange', 200],
    ]);
    k.clock.advance(-61 * 60 * 1000);
  });

  it('answers 401 when Shopify refuses the exchange and 502 when Shopify fails, storing nothing', async () => {
    const shop = 'refused-shop.myshopify.com';
    k.fake.failNext('token', 400, { error: 'invalid_subject_token', error_description: 'nope' });
    const refused = await k.api('/api/overview', shop);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-shopify-retry-invalid-session-request')).toBe('1');
    expect((await refused.json()).error.code).toBe('token_exchange_refused');

    k.fake.failNext('token', 503, { errors: 'unavailable' });
    const down = await k.api('/api/overview', shop);
    expect(down.status).toBe(502);
    expect((await down.json()).error.code).toBe('shopify_unavailable');
    expect(rawSession(k.t, shop)).toBeUndefined();
    expect(k.t.db.prepare('SELECT COUNT(*) FROM shops WHERE domain = ?').pluck().get(shop)).toBe(0);

    // Nothing was lost: the next load installs.
    expect((await k.api('/api/overview', shop)).status).toBe(200);
    expect(rawSession(k.t, shop)).toBeDefined();
  });

  it('rejects a missing, forged or replayed (expired) session token with 401 and never calls Shopify', async () => {
    const shop = 'strict-shop.myshopify.com';
    await k.t.app.shopifyAuth.settled();
    const before = k.fake.calls().length;
    const missing = await fetch(`${k.t.baseUrl}/api/overview`);
    expect(missing.status).toBe(401);
    expect((await missing.json()).error.code).toBe('missing_session_token');

    const valid = k.token(shop);
    const forged = `${valid.slice(0, valid.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    // A token captured earlier and replayed after its one-minute lifetime.
    const replayed = k.token(shop, { issuedAt: Math.floor(Date.now() / 1000) - 120, ttlSeconds: 60 });
    for (const token of [forged, replayed]) {
      const res = await fetch(`${k.t.baseUrl}/api/overview`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('invalid_session_token');
    }
    expect(k.fake.calls().length).toBe(before);
    expect(rawSession(k.t, shop)).toBeUndefined();
  });

  it('reinstalls after app/uninstalled: new exchange, shop active again, web pixel updated rather than duplicated', async () => {
    const shop = 'again-shop.myshopify.com';
    expect((await k.api('/api/overview', shop)).status).toBe(200);
    await k.t.app.shopifyAuth.settled();
    const firstPixel = k.fake.state.pixels.get(shop)?.id;

    // What the app/uninstalled handler does: mark the shop, delete its tokens (inside its transaction).
    const { deleteSessionsOfShop } = await import('../../server/db/session-queries.js');
    k.t.db.transaction(() => {
      k.t.db.prepare('UPDATE shops SET uninstalled_at = ? WHERE domain = ?').run(k.clock.now(), shop);
      expect(deleteSessionsOfShop(k.t.db, shop)).toBe(1);
    })();
    expect(rawSession(k.t, shop)).toBeUndefined();

    expect((await k.api('/api/overview', shop)).status).toBe(200);
    await k.t.app.shopifyAuth.settled();
    expect(k.t.db.prepare('SELECT uninstalled_at FROM shops WHERE domain = ?').pluck().get(shop)).toBeNull();
    expect(k.fake.calls('token').filter((c) => c.shop === shop)).toHaveLength(2);
    expect(k.fake.calls('graphql').filter((c) => c.shop === shop).map((c) => c.operation).filter((o) => !/bulkOperation/i.test(o))).toEqual(['webPixel', 'webPixelCreate', 'themes', 'webPixel', 'webPixelUpdate', 'themes']);
    expect(k.fake.state.pixels.get(shop)?.id).toBe(firstPixel);
  });
});
