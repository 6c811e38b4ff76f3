import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeShopify, type FakeShopify } from '../fakes/shopify/start-fake-shopify.js';
import { fixedClock } from '../../server/clock.js';
import { createAdminGraphqlClient } from '../../server/shopify/create-admin-graphql-client.js';
import { AdminGraphqlError } from '../../server/shopify/admin-graphql-error.js';
import { activateWebPixel } from '../../server/shopify/activate-web-pixel.js';
import { createAccessTokenClient } from '../../server/shopify/create-access-token-client.js';
import { loadConfig } from '../../server/config.js';
import { signSessionToken } from '../../server/auth/sign-session-token.js';

const SHOP = 'graph-shop.myshopify.com';
const SHOP_QUERY = 'query { shop { id } }';

describe('Admin GraphQL client against the fake Shopify', () => {
  const clock = fixedClock(Date.now());
  let fake: FakeShopify;
  let accessToken: string;
  const sleeps: number[] = [];
  // Sleeping moves the shared clock, so the fake's bucket refills exactly as long as the client waited.
  const sleep = async (ms: number) => { sleeps.push(ms); clock.advance(ms); };
  const client = (overrides: { token?: string; maxRetries?: number } = {}) => createAdminGraphqlClient({
    config: { adminOrigin: fake.adminOrigin }, shop: SHOP, clock, sleep,
    accessToken: async () => overrides.token ?? accessToken,
    ...(overrides.maxRetries !== undefined && { maxRetries: overrides.maxRetries }),
  });

  beforeAll(async () => {
    fake = await startFakeShopify({ apiKey: 'k', apiSecret: 's', now: clock.now, bucket: { maximumAvailable: 100, restoreRate: 10 } });
    const config = loadConfig({ SHOPIFY_API_KEY: 'k', SHOPIFY_API_SECRET: 's', ENCRYPTION_KEY: '0f'.repeat(32), SHOPIFY_ADMIN_ORIGIN: fake.adminOrigin });
    const session = await createAccessTokenClient({ config, clock }).exchangeSessionToken(SHOP, signSessionToken('s', { shop: SHOP, apiKey: 'k' }));
    accessToken = session.accessToken ?? '';
  });
  afterAll(async () => { await fake.stop(); });

  it('waits as long as the bucket needs after THROTTLED, then succeeds', async () => {
    sleeps.length = 0;
    fake.setBucket(SHOP, 0);
    const data = await client().request<{ shop: { id: string } }>(SHOP_QUERY);
    expect(data.shop.id).toMatch(/^gid:\/\/shopify\/Shop\//);
    const ops = fake.calls('graphql').slice(-2).map((c) => c.status);
    expect(ops).toEqual([200, 200]);
    // Cost 1 at 10 points/s from an empty bucket: 100 ms.
    expect(sleeps).toEqual([100]);
  });

  it('waits before a query the last known bucket cannot pay for, instead of being throttled again', async () => {
    const c = client();
    fake.setBucket(SHOP, 100);
    await c.request(SHOP_QUERY); // learns the cost (1) and a full bucket
    fake.setBucket(SHOP, 0); // another client of the same app emptied it
    sleeps.length = 0;
    let before = fake.calls('graphql').length;
    await c.request(SHOP_QUERY);
    expect(fake.calls('graphql').slice(before).length).toBe(2); // THROTTLED, then success after the wait
    expect(sleeps).toEqual([100]);

    fake.setBucket(SHOP, 0);
    sleeps.length = 0;
    before = fake.calls('graphql').length;
    // It now knows the bucket is empty: it waits first and is not throttled.
    await c.request(SHOP_QUERY);
    expect(fake.calls('graphql').slice(before).length).toBe(1);
    expect(sleeps).toEqual([100]);
  });

  it('gives up with a clear error when it stays throttled', async () => {
    const throttled = {
      errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
      extensions: { cost: { requestedQueryCost: 1, actualQueryCost: null, throttleStatus: { maximumAvailable: 100, currentlyAvailable: 0, restoreRate: 10 } } },
    };
    for (let i = 0; i < 3; i++) fake.failNext('graphql', 200, throttled);
    const err = await client({ maxRetries: 2 }).request(SHOP_QUERY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdminGraphqlError);
    expect(err).toMatchObject({ kind: 'throttled', message: expect.stringContaining('stayed throttled after 3 attempts') });
  });

  it('retries an HTTP 429 after Retry-After, and surfaces HTTP, GraphQL and user errors', async () => {
    sleeps.length = 0;
    fake.failNext('graphql', 429, { errors: 'Throttled' });
    await client().request(SHOP_QUERY);
    expect(sleeps).toEqual([1000]);

    const unauthorized = await client({ token: 'shpat_wrong' }).request(SHOP_QUERY).catch((e: unknown) => e);
    expect(unauthorized).toMatchObject({ kind: 'http', status: 401, message: expect.stringContaining('Invalid API key or access token') });

    fake.failNext('graphql', 500, { errors: 'Internal error' });
    expect(await client().request(SHOP_QUERY).catch((e: unknown) => e)).toMatchObject({ kind: 'http', status: 500 });

    const unknown = await client().request('query { nothingHere { id } }').catch((e: unknown) => e);
    expect(unknown).toMatchObject({ kind: 'graphql', message: expect.stringContaining("undefinedField: Field 'nothingHere' doesn't exist") });

    const invalid = await activateWebPixel(client(), { collectorUrl: '', ingestKey: 'k' }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ kind: 'user_errors', message: expect.stringContaining('webPixelCreate failed: INVALID_SETTINGS (webPixel.settings)') });
  });

  it('creates the web pixel once, then updates it', async () => {
    const settings = { collectorUrl: 'https://segments.example.com/collect', ingestKey: 'key-1' };
    const first = await activateWebPixel(client(), settings);
    expect(first.created).toBe(true);
    const second = await activateWebPixel(client(), { ...settings, ingestKey: 'key-2' });
    expect(second).toEqual({ id: first.id, created: false });
    expect(fake.state.pixels.get(SHOP)).toEqual({ id: first.id, settings: JSON.stringify({ ...settings, ingestKey: 'key-2' }) });
  });
});
