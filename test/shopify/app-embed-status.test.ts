import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppEmbedState } from '../../server/shopify/find-app-embed-state.js';
import { readAppEmbedStatus } from '../../server/shopify/read-app-embed-status.js';
import { createAdminGraphqlClient } from '../../server/shopify/create-admin-graphql-client.js';
import { createAccessTokenClient } from '../../server/shopify/create-access-token-client.js';
import { AdminGraphqlError } from '../../server/shopify/admin-graphql-error.js';
import { signSessionToken } from '../../server/auth/sign-session-token.js';
import { loadConfig } from '../../server/config.js';
import { fixedClock } from '../../server/clock.js';
import { startFakeShopify, type FakeShopify } from '../fakes/shopify/start-fake-shopify.js';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { API_KEY, startAuthKit, type AuthKit } from '../auth/auth-test-kit.js';
import type { AppEmbedReport } from '../../server/admin-api/build-app-embed-report.js';

const BLOCK_TYPE = 'shopify://apps/shopper-segments/blocks/segments-tracker/0b6c4a1e-8f2d-4c39-9a57-1d2e3f4a5b6c';
// Shopify writes this notice at the top of every settings_data.json; JSON.parse refuses it as is.
const NOTICE = `/*
 * ------------------------------------------------------------
 * IMPORTANT: The contents of this file are auto-generated.
 * ------------------------------------------------------------
 */
`;

function settingsData(blocks: Record<string, unknown> | undefined, prefix = ''): string {
  const current = {
    logo_width: 90,
    social_instagram_link: 'https://instagram.com/shop', // a `//` inside a value survives comment stripping
    sections: { header: { type: 'header', settings: {} } },
    ...(blocks && { blocks }),
  };
  return prefix + JSON.stringify({ current, presets: { Default: {} } }, null, 2);
}
const ours = (disabled?: boolean) => ({ type: BLOCK_TYPE, ...(disabled !== undefined && { disabled }), settings: {} });
const other = { type: 'shopify://apps/reviews/blocks/stars/1111', disabled: false, settings: {} };

describe('findAppEmbedState (settings_data.json)', () => {
  it('finds the embed on, switched off, or not there', () => {
    expect(findAppEmbedState(settingsData({ '1728': ours() }), 'segments-tracker')).toBe('active');
    expect(findAppEmbedState(settingsData({ '1728': ours(false), '99': other }), 'segments-tracker')).toBe('active');
    expect(findAppEmbedState(settingsData({ '1728': ours(true), '99': other }), 'segments-tracker')).toBe('disabled');
    expect(findAppEmbedState(settingsData({ '99': other }), 'segments-tracker')).toBe('absent');
    expect(findAppEmbedState(settingsData(undefined), 'segments-tracker')).toBe('absent');
  });

  it('strips the leading comment Shopify writes before parsing', () => {
    expect(findAppEmbedState(settingsData({ a: ours() }, NOTICE), 'segments-tracker')).toBe('active');
    expect(findAppEmbedState(settingsData({ a: ours(true) }, `\uFEFF${NOTICE}// one more\n`), 'segments-tracker')).toBe('disabled');
  });

  it('follows `current` when it names a preset, and counts one enabled copy of duplicates as on', () => {
    const preset = JSON.stringify({ current: 'Dawn', presets: { Dawn: { blocks: { x: ours(true), y: ours() } } } });
    expect(findAppEmbedState(preset, 'segments-tracker')).toBe('active');
  });

  it('treats broken or unexpected content as absent, and matches the block handle exactly', () => {
    for (const content of ['', 'not json', '/* unterminated', '[]', '{"current": null}', '{"current": {"blocks": []}}']) {
      expect(findAppEmbedState(content, 'segments-tracker'), content).toBe('absent');
    }
    const lookalike = { type: 'shopify://apps/shopper-segments/blocks/segments-tracker-old/1', settings: {} };
    expect(findAppEmbedState(settingsData({ a: lookalike }), 'segments-tracker')).toBe('absent');
  });
});

describe('readAppEmbedStatus against the fake Shopify', () => {
  const SHOP = 'theme-shop.myshopify.com';
  const clock = fixedClock(Date.now());
  let fake: FakeShopify;
  let accessToken = '';
  const client = () => createAdminGraphqlClient({ config: { adminOrigin: fake.adminOrigin }, shop: SHOP, clock, accessToken: async () => accessToken });
  const read = () => readAppEmbedStatus(client(), { shop: SHOP, apiKey: 'k' });
  const activateUrl = `https://${SHOP}/admin/themes/current/editor?context=apps&activateAppId=k/segments-tracker`;

  beforeAll(async () => {
    fake = await startFakeShopify({ apiKey: 'k', apiSecret: 's', now: clock.now });
    const config = loadConfig({ SHOPIFY_API_KEY: 'k', SHOPIFY_API_SECRET: 's', ENCRYPTION_KEY: '0f'.repeat(32), SHOPIFY_ADMIN_ORIGIN: fake.adminOrigin });
    const session = await createAccessTokenClient({ config, clock }).exchangeSessionToken(SHOP, signSessionToken('s', { shop: SHOP, apiKey: 'k' }));
    accessToken = session.accessToken ?? '';
  });
  afterAll(async () => { await fake.stop(); });

  it('reports an active embed in the live theme', async () => {
    fake.setMainTheme(SHOP, { name: 'Dawn', settingsData: settingsData({ '1728': ours(false) }, NOTICE) });
    expect(await read()).toEqual({ active: true, themeName: 'Dawn', activateUrl });
  });

  it('reports a disabled embed as inactive, with the deep link that switches it on', async () => {
    fake.setMainTheme(SHOP, { name: 'Dawn', settingsData: settingsData({ '1728': ours(true) }, NOTICE) });
    expect(await read()).toEqual({ active: false, themeName: 'Dawn', activateUrl });
  });

  it('reports an embed the merchant never touched (absent) as inactive', async () => {
    fake.setMainTheme(SHOP, { name: 'Refresh', settingsData: settingsData({ '99': other }) });
    expect(await read()).toEqual({ active: false, themeName: 'Refresh', activateUrl });
    fake.setMainTheme(SHOP, { name: 'Refresh', settingsData: null });
    expect(await read()).toEqual({ active: false, themeName: 'Refresh', activateUrl });
  });

  it('reports no theme when the shop has no live theme', async () => {
    fake.state.mainThemes.delete(SHOP);
    expect(await read()).toEqual({ active: false, themeName: null, activateUrl });
  });

  it('fails clearly when the app lacks read_themes', async () => {
    const scope = fake.state.scope;
    fake.state.scope = scope.replace(',read_themes', '');
    try {
      const error = await read().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AdminGraphqlError);
      expect((error as AdminGraphqlError).message).toMatch(/ACCESS_DENIED: .*read_themes/);
    } finally {
      fake.state.scope = scope;
    }
  });
});

type Report = AppEmbedReport;

describe('GET /api/app-embed after an install', () => {
  let k: AuthKit;
  beforeAll(async () => { k = await startAuthKit(); });
  afterAll(async () => { await k.stop(); });

  it('is unknown until the post-install check ran, then reports the stored status and the deep link', async () => {
    const shop = 'embed-off.myshopify.com';
    k.fake.setMainTheme(shop, { name: 'Dawn', settingsData: settingsData({ b: ours(true) }, NOTICE) });
    const activateUrl = `https://${shop}/admin/themes/current/editor?context=apps&activateAppId=${API_KEY}/segments-tracker`;

    const first = await k.api('/api/app-embed', shop); // the install happens on this load; the check runs after it
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.json()).toEqual({ shop, active: null, themeName: null, checkedAt: null, activateUrl });

    await k.t.app.shopifyAuth.settled();
    const row = k.t.db.prepare('SELECT app_embed_active AS active, app_embed_theme AS theme, app_embed_checked_at AS at FROM shops WHERE domain = ?').get(shop);
    expect(row).toEqual({ active: 0, theme: 'Dawn', at: k.clock.now() });
    const second = (await (await k.api('/api/app-embed', shop)).json()) as Report;
    expect(second).toEqual({ shop, active: false, themeName: 'Dawn', checkedAt: new Date(k.clock.now()).toISOString(), activateUrl });
    // The pixel step before it still ran.
    // The order-history import runs beside post-install (its own tests: test/shopify/import-order-history.test.ts).
    const operations = k.fake.calls('graphql').filter((c) => c.shop === shop).map((c) => c.operation);
    expect(operations.filter((o) => !/bulkOperation/i.test(o))).toEqual(['webPixel', 'webPixelCreate', 'themes']);
    expect(operations).toContain('bulkOperationRunQuery');
  });

  it('reports an active embed per shop, never another shop\'s', async () => {
    const shop = 'embed-on.myshopify.com';
    k.fake.setMainTheme(shop, { name: 'Craft', settingsData: settingsData({ b: ours() }, NOTICE) });
    await k.api('/api/app-embed', shop);
    await k.t.app.shopifyAuth.settled();
    const body = (await (await k.api('/api/app-embed', shop)).json()) as Report;
    expect(body).toMatchObject({ shop, active: true, themeName: 'Craft' });
    const off = (await (await k.api('/api/app-embed', 'embed-off.myshopify.com')).json()) as Report;
    expect(off).toMatchObject({ shop: 'embed-off.myshopify.com', active: false, themeName: 'Dawn' });
  });

  it('requires a valid session token', async () => {
    const missing = await fetch(`${k.t.baseUrl}/api/app-embed`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('missing_session_token');
    const forged = signSessionToken('not-the-secret', { shop: 'embed-on.myshopify.com', apiKey: API_KEY });
    const bad = await fetch(`${k.t.baseUrl}/api/app-embed`, { headers: { authorization: `Bearer ${forged}` } });
    expect(bad.status).toBe(401);
  });
});

describe('GET /api/app-embed in demo mode', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.stop(); });

  it('reports the demo theme as active, with the demo deep link', async () => {
    const token = signSessionToken(t.config.shopify.apiSecret, { shop: t.shop.domain, apiKey: t.config.shopify.apiKey });
    const res = await fetch(`${t.baseUrl}/api/app-embed`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      shop: 'demo-shop.myshopify.com',
      active: true,
      themeName: 'Demo theme',
      checkedAt: new Date(t.clock.now()).toISOString(),
      activateUrl: 'https://demo-shop.myshopify.com/admin/themes/current/editor?context=apps&activateAppId=demo-api-key/segments-tracker',
    });
  });
});
