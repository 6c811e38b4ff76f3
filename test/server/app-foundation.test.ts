import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { signSessionToken } from '../../server/auth/sign-session-token.js';
import { createShopQueries } from '../../server/db/shops.js';
import { loadConfig, ConfigError } from '../../server/config.js';

describe('app foundation', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.stop(); });

  it('answers /healthz once migrations have run', async () => {
    const res = await fetch(`${t.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const tables = t.db.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['shops', 'events', 'profiles', 'identifiers']));
    expect(t.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(t.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('rejects /api without a session token', async () => {
    const res = await fetch(`${t.baseUrl}/api/anything`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('missing_session_token');
  });

  it('rejects a token signed with another secret, an expired one, and one for another app', async () => {
    const { shop } = t.config.demo;
    const apiKey = t.config.shopify.apiKey;
    const bad = [
      signSessionToken('not-the-secret', { shop, apiKey }),
      signSessionToken(t.config.shopify.apiSecret, { shop, apiKey, issuedAt: Math.floor(Date.now() / 1000) - 3600 }),
      signSessionToken(t.config.shopify.apiSecret, { shop, apiKey: 'another-app' }),
    ];
    for (const token of bad) {
      const res = await fetch(`${t.baseUrl}/api/anything`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('invalid_session_token');
    }
  });

  it('accepts a valid token only for an installed shop', async () => {
    const apiKey = t.config.shopify.apiKey;
    const good = signSessionToken(t.config.shopify.apiSecret, { shop: t.config.demo.shop, apiKey });
    const res = await fetch(`${t.baseUrl}/api/no-such-route`, { headers: { authorization: `Bearer ${good}` } });
    expect(res.status).toBe(404);
    const stranger = signSessionToken(t.config.shopify.apiSecret, { shop: 'other-shop.myshopify.com', apiKey });
    const res2 = await fetch(`${t.baseUrl}/api/no-such-route`, { headers: { authorization: `Bearer ${stranger}` } });
    expect(res2.status).toBe(401);
    expect((await res2.json()).error.code).toBe('shop_not_installed');
    expect(createShopQueries(t.db).byDomain('other-shop.myshopify.com')).toBeUndefined();
  });
});

describe('configuration', () => {
  it('runs in demo mode without credentials, with the documented demo values', () => {
    const c = loadConfig({});
    expect(c.demoMode).toBe(true);
    expect(c.port).toBe(3000);
    expect(c.databasePath).toBe('./data/app.db');
    expect(c.demo.shop).toBe('demo-shop.myshopify.com');
    expect(c.shopify).toEqual({ apiKey: 'demo-api-key', apiSecret: 'demo-api-secret' });
  });
  it('refuses the demo secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', SHOPIFY_API_KEY: 'k', SHOPIFY_API_SECRET: 'demo-api-secret' })).toThrow(/demo API secret/);
  });
  it('refuses half-configured credentials and bad numbers', () => {
    expect(() => loadConfig({ SHOPIFY_API_KEY: 'k' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
  });
});
