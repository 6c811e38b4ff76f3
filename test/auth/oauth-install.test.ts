import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthKit, rawSession, API_KEY, API_SECRET, type AuthKit } from './auth-test-kit.js';
import { signOauthQuery } from '../fakes/shopify/sign-oauth-query.js';

const SHOP = 'oauth-shop.myshopify.com';

describe('install by the authorization-code flow (/auth, /auth/callback)', () => {
  let k: AuthKit;
  beforeAll(async () => { k = await startAuthKit(); });
  afterAll(async () => { await k.stop(); });

  /** GET /auth, then let the fake Shopify "approve": returns the callback query and the state cookie. */
  async function beginInstall(shop: string): Promise<{ authorize: URL; cookie: string; callbackQuery: URLSearchParams }> {
    const begin = await fetch(`${k.t.baseUrl}/auth?shop=${shop}`, { redirect: 'manual' });
    expect(begin.status).toBe(302);
    const authorize = new URL(begin.headers.get('location') ?? '');
    const cookie = (begin.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const approved = await fetch(authorize, { redirect: 'manual' });
    expect(approved.status).toBe(302);
    const callback = new URL(approved.headers.get('location') ?? '');
    expect(callback.origin + callback.pathname).toBe('https://segments.example.com/auth/callback');
    return { authorize, cookie, callbackQuery: callback.searchParams };
  }

  const callback = (query: URLSearchParams | Record<string, string>, cookie?: string) =>
    fetch(`${k.t.baseUrl}/auth/callback?${new URLSearchParams(query).toString()}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

  it('redirects to Shopify, then stores an expiring offline token and returns the merchant to the admin', async () => {
    const { authorize, cookie, callbackQuery } = await beginInstall(SHOP);
    expect(authorize.href.startsWith(`${k.fake.adminOrigin.replace('{shop}', SHOP)}/admin/oauth/authorize?`)).toBe(true);
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      client_id: API_KEY,
      scope: 'read_customers,write_customers,read_orders,write_pixels,read_customer_events,write_app_proxy,read_themes',
      redirect_uri: 'https://segments.example.com/auth/callback',
      state: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(cookie).toMatch(/^shopify_app_state=/);

    const done = await callback(callbackQuery, cookie);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe(`https://${SHOP}/admin/apps/${API_KEY}`);
    expect(done.headers.get('set-cookie')).toMatch(/^shopify_app_state=; .*Max-Age=0/);
    expect(k.fake.calls('token').filter((c) => c.shop === SHOP).map((c) => [c.operation, c.expiring])).toEqual([['authorization_code', '1']]);
    const row = rawSession(k.t, SHOP);
    expect(row?.expires_at).toBe(k.clock.now() + 3600 * 1000);
    expect(JSON.stringify(row)).not.toContain([...k.fake.state.accessTokens.keys()].at(-1));
    expect(k.t.db.prepare('SELECT COUNT(*) FROM shops WHERE domain = ? AND uninstalled_at IS NULL').pluck().get(SHOP)).toBe(1);
    await k.t.app.shopifyAuth.settled();
    expect(k.fake.state.pixels.get(SHOP)).toBeDefined();

    // The first embedded load afterwards needs no token exchange.
    expect((await k.api('/api/overview', SHOP)).status).toBe(200);
    expect(k.fake.calls('token').filter((c) => c.shop === SHOP)).toHaveLength(1);

    // Replaying the same callback: the code is spent at Shopify.
    const replay = await callback(callbackQuery, cookie);
    expect(replay.status).toBe(400);
    expect((await replay.json()).error.code).toBe('code_exchange_refused');
  });

  it('answers 400 when the state does not match the cookie or the cookie is missing, without calling Shopify', async () => {
    const shop = 'state-shop.myshopify.com';
    const { cookie, callbackQuery } = await beginInstall(shop);
    const forged = signOauthQuery(API_SECRET, { ...Object.fromEntries(callbackQuery), state: 'f'.repeat(32) });
    for (const [query, cookieHeader] of [[forged, cookie], [callbackQuery, undefined], [callbackQuery, 'shopify_app_state=abc.def']] as const) {
      const res = await callback(query, cookieHeader);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toEqual({ code: 'invalid_state', message: expect.stringContaining('/auth') });
    }
    expect(k.fake.calls('token').filter((c) => c.shop === shop)).toHaveLength(0);
    expect(rawSession(k.t, shop)).toBeUndefined();
    // The genuine callback still completes: nothing was consumed by the bad ones.
    expect((await callback(callbackQuery, cookie)).status).toBe(302);
  });

  it('answers 401 for a wrong, missing or stale HMAC', async () => {
    const shop = 'hmac-shop.myshopify.com';
    const { cookie, callbackQuery } = await beginInstall(shop);
    const tampered = new URLSearchParams(callbackQuery);
    tampered.set('code', 'attacker-code');
    const missing = new URLSearchParams(callbackQuery);
    missing.delete('hmac');
    const stale = signOauthQuery(API_SECRET, { ...Object.fromEntries(callbackQuery), timestamp: String(Math.floor(Date.now() / 1000) - 3600) });
    for (const query of [tampered, missing, new URLSearchParams(stale)]) {
      const res = await callback(query, cookie);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('invalid_hmac');
    }
    expect(k.fake.calls('token').filter((c) => c.shop === shop)).toHaveLength(0);
  });

  it('refuses an invalid shop domain at both ends', async () => {
    const begin = await fetch(`${k.t.baseUrl}/auth?shop=evil.example.com`, { redirect: 'manual' });
    expect(begin.status).toBe(400);
    expect((await begin.json()).error.code).toBe('invalid_shop');
    const query = signOauthQuery(API_SECRET, { code: 'x', shop: 'evil.example.com', state: 's', timestamp: String(Math.floor(Date.now() / 1000)) });
    const res = await callback(query);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_shop');
  });
});
