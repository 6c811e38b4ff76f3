import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { startFakeShopify, type FakeShopify } from '../fakes/shopify/start-fake-shopify.js';
import { fixedClock } from '../../server/clock.js';
import { signSessionToken } from '../../server/auth/sign-session-token.js';

export const API_KEY = 'live-key-1';
export const API_SECRET = 'live-secret-1';
export const ENCRYPTION_KEY = '0f'.repeat(32);

export interface AuthKit {
  t: TestApp;
  fake: FakeShopify;
  clock: ReturnType<typeof fixedClock>;
  /** A session token as App Bridge issues it, signed with the app secret (real time: the library checks exp with Date.now). */
  token(shop: string, options?: { issuedAt?: number; ttlSeconds?: number }): string;
  api(path: string, shop: string): Promise<Response>;
  stop(): Promise<void>;
}

/** The app outside demo mode, talking to a fake Shopify on 127.0.0.1; both read the same test clock. */
export async function startAuthKit(options: { env?: Record<string, string>; bucket?: { maximumAvailable: number; restoreRate: number } } = {}): Promise<AuthKit> {
  const clock = fixedClock(Date.now());
  const fake = await startFakeShopify({ apiKey: API_KEY, apiSecret: API_SECRET, now: clock.now, ...(options.bucket && { bucket: options.bucket }) });
  const t = await startTestApp({
    clock,
    env: {
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      ENCRYPTION_KEY,
      SHOPIFY_ADMIN_ORIGIN: fake.adminOrigin,
      SHOPIFY_APP_URL: 'https://segments.example.com',
      ...options.env,
    },
  });
  const token: AuthKit['token'] = (shop, o = {}) => signSessionToken(API_SECRET, { shop, apiKey: API_KEY, ...o });
  return {
    t,
    fake,
    clock,
    token,
    api: (path, shop) => fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${token(shop)}` } }),
    async stop() {
      await t.stop();
      await fake.stop();
    },
  };
}

export interface RawSessionRow {
  id: string;
  shop: string;
  access_token_encrypted: string | null;
  refresh_token_encrypted: string | null;
  expires_at: number | null;
  refresh_token_expires_at: number | null;
}

export function rawSession(t: TestApp, shop: string): RawSessionRow | undefined {
  return t.db.prepare('SELECT * FROM sessions WHERE id = ?').get(`offline_${shop}`) as RawSessionRow | undefined;
}

/** Access tokens the fake issued for a shop, oldest first. */
export function issuedAccessTokens(fake: FakeShopify, shop: string): string[] {
  return [...fake.state.accessTokens].filter(([, v]) => v.shop === shop).map(([k]) => k);
}
