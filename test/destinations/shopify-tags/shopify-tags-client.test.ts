import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixedClock } from '../../../server/clock.js';
import { NoOfflineSessionError } from '../../../server/auth/create-offline-sessions.js';
import type { SyncMember, SyncOperation } from '../../../server/destinations/destination-client.js';
import { DestinationError } from '../../../server/destinations/destination-error.js';
import { createShopifyTagsClient } from '../../../server/destinations/shopify-tags/create-shopify-tags-client.js';
import { shopifyTagName } from '../../../server/destinations/shopify-tags/shopify-tag-name.js';
import { createAdminGraphqlClient } from '../../../server/shopify/create-admin-graphql-client.js';
import { startFakeShopify, type FakeShopify } from '../../fakes/shopify/start-fake-shopify.js';

const SHOP = 'tags-client.myshopify.com';
const TOKEN = 'shpat_tags_client_test';
const TAG = 'ss-vip-buyers';
const target = { segmentId: 7, segmentName: 'VIP buyers', remoteRef: TAG };
const gid = (id: number | string) => `gid://shopify/Customer/${id}`;

const member = (profileId: number, customerId: string | null = String(1000 + profileId)): SyncMember => ({
  profileId, email: null, customerId, properties: {}, marketingConsent: false, consentedAt: null, enteredAt: 0,
});
const add = (profileId: number, customerId?: string | null): SyncOperation => ({ op: 'add', member: member(profileId, customerId) });

const clock = fixedClock(Date.parse('2026-11-29T03:00:00Z'));
let fake: FakeShopify;
const sleeps: number[] = [];

function client(options: { token?: () => Promise<string>; origin?: string; maxRetries?: number } = {}) {
  const graphql = createAdminGraphqlClient({
    config: { adminOrigin: options.origin ?? fake.adminOrigin },
    shop: SHOP,
    clock,
    // Sleeping moves the shared clock, so the fake's bucket refills by exactly the wait.
    sleep: async (ms) => { sleeps.push(ms); clock.advance(ms); },
    accessToken: options.token ?? (async () => TOKEN),
    ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }),
  });
  return createShopifyTagsClient({ graphql, tagPrefix: 'ss-' });
}

const tagsOf = (customerId: number | string) => fake.state.tags.get(SHOP)?.get(gid(customerId)) ?? [];
const graphqlCalls = () => fake.calls('graphql');

async function failure(promise: Promise<unknown>): Promise<DestinationError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DestinationError);
  return err as DestinationError;
}

beforeAll(async () => {
  fake = await startFakeShopify({ apiKey: 'k', apiSecret: 's', now: clock.now });
  fake.state.accessTokens.set(TOKEN, { shop: SHOP, expiresAt: null });
});
afterAll(async () => { await fake.stop(); });
beforeEach(() => {
  fake.state.tags.clear();
  fake.state.calls.length = 0;
  fake.state.faults.length = 0;
  fake.setBucket(SHOP, 2000);
  sleeps.length = 0;
});

describe('Shopify tags client: tagging', () => {
  it('adds the segment tag to each customer and removes it, keeping the customer’s other tags', async () => {
    fake.state.tags.set(SHOP, new Map([[gid(1001), ['wholesale']]]));
    const c = client();
    const outcomes = await c.apply(target, [add(1), add(2), { op: 'update', member: member(3), remoteId: gid(1003) }]);
    expect(outcomes).toEqual([{ result: 'ok', remoteId: gid(1001) }, { result: 'ok', remoteId: gid(1002) }, { result: 'ok', remoteId: gid(1003) }]);
    expect(tagsOf(1001)).toEqual(['wholesale', TAG]);
    expect(tagsOf(1002)).toEqual([TAG]);
    expect(graphqlCalls().map((call) => call.operation)).toEqual(['tagsAdd', 'tagsAdd', 'tagsAdd']);

    // Replayed after a crash: no duplicate tag.
    await c.apply(target, [add(1)]);
    expect(tagsOf(1001)).toEqual(['wholesale', TAG]);

    const removed = await c.apply(target, [
      { op: 'remove', profileId: 1, email: null, customerId: '1001', remoteId: gid(1001), enteredAt: 0 },
      // Redacted since: the stored gid still finds the customer.
      { op: 'remove', profileId: 2, email: null, customerId: null, remoteId: gid(1002), enteredAt: 0 },
      { op: 'remove', profileId: 3, email: null, customerId: '1003', remoteId: null, enteredAt: 0 },
    ]);
    expect(removed).toEqual([{ result: 'ok', remoteId: gid(1001) }, { result: 'ok', remoteId: gid(1002) }, { result: 'ok', remoteId: gid(1003) }]);
    expect([tagsOf(1001), tagsOf(1002), tagsOf(1003)]).toEqual([['wholesale'], [], []]);
  });

  it('rejects members without a customer id without calling Shopify', async () => {
    const outcomes = await client().apply(target, [
      add(1, null),
      add(2, 'abc'),
      { op: 'remove', profileId: 3, email: null, customerId: null, remoteId: null, enteredAt: 0 },
    ]);
    expect(outcomes).toEqual([
      { result: 'rejected', status: 422, code: 'no_customer_id', message: 'Only Shopify customers can be tagged.' },
      { result: 'rejected', status: 422, code: 'invalid_customer_id', message: 'The Shopify customer id is not numeric.' },
      { result: 'rejected', status: 422, code: 'no_customer_id', message: 'This member has no Shopify customer id to untag.' },
    ]);
    expect(graphqlCalls()).toHaveLength(0);
  });

  it('reports userErrors as final for that customer only', async () => {
    fake.state.tags.set(SHOP, new Map([[gid(1001), Array.from({ length: 250 }, (_, i) => `t${i}`)]]));
    const outcomes = await client().apply(target, [add(1), add(2)]);
    expect(outcomes).toEqual([
      { result: 'rejected', status: 422, code: 'user_error', message: 'tags: A resource can\'t have more than 250 tags.' },
      { result: 'ok', remoteId: gid(1002) },
    ]);
  });

  it('names the tag from the prefix and a slug of the segment name, and keeps a ref once given', async () => {
    const c = client();
    expect(await c.ensureTarget({ segmentId: 4, segmentName: 'Lapsed VIPs — Café, 2026!', remoteRef: null })).toBe('ss-lapsed-vips-cafe-2026');
    expect(await c.ensureTarget({ segmentId: 4, segmentName: 'Renamed', remoteRef: 'ss-lapsed-vips-cafe-2026' })).toBe('ss-lapsed-vips-cafe-2026');
    expect(await c.ensureTarget({ segmentId: 4, segmentName: '☕☕', remoteRef: null })).toBe('ss-segment-4');
    const long = shopifyTagName('segments: ', 'x'.repeat(400), 1);
    expect(long).toHaveLength(255);
    expect(long).not.toContain(',');
    expect(graphqlCalls()).toHaveLength(0);
  });
});

describe('Shopify tags client: failures', () => {
  it('verifies with one cheap shop query, and throws 401 for a token Shopify refuses', async () => {
    await client().verify();
    expect(graphqlCalls().map((call) => [call.operation, call.status])).toEqual([['shop', 200]]);
    const err = await failure(client({ token: async () => 'shpat_revoked' }).verify());
    expect([err.status, err.code]).toEqual([401, 'credentials_rejected']);
    const applyErr = await failure(client({ token: async () => 'shpat_revoked' }).apply(target, [add(1), add(2)]));
    expect(applyErr.status).toBe(401);
    expect(graphqlCalls()).toHaveLength(3); // the ping, the refused ping, then the first refused tagsAdd only
  });

  it('throws 401 when the shop has no offline token', async () => {
    const err = await failure(client({ token: async () => { throw new NoOfflineSessionError('none'); } }).apply(target, [add(1)]));
    expect([err.status, err.code]).toEqual([401, 'no_offline_session']);
  });

  it('lets the Admin client wait out a drained bucket, and throws 429 when throttling outlasts its retries', async () => {
    fake.setBucket(SHOP, 0);
    expect(await client().apply(target, [add(1)])).toEqual([{ result: 'ok', remoteId: gid(1001) }]);
    expect(sleeps).toEqual([100]); // a mutation costs 10 at 100 points/s

    fake.setBucket(SHOP, 0);
    const err = await failure(client({ maxRetries: 0 }).apply(target, [add(2)]));
    expect([err.status, err.code]).toEqual([429, 'throttled']);
  });

  it('marks one customer for retry after a 5xx when the others got through, and throws when Shopify stays down', async () => {
    fake.failNext('graphql', 502, { errors: 'Bad gateway' });
    const outcomes = await client().apply(target, [add(1), add(2)]);
    expect(outcomes).toEqual([
      { result: 'retry', status: 502, code: 'server_error', message: 'Shopify failed (HTTP 502).' },
      { result: 'ok', remoteId: gid(1002) },
    ]);

    for (let i = 0; i < 3; i++) fake.failNext('graphql', 500);
    fake.state.calls.length = 0;
    const err = await failure(client().apply(target, [add(1), add(2), add(3), add(4), add(5)]));
    expect(err.status).toBe(500);
    expect(graphqlCalls()).toHaveLength(3);

    fake.failNext('graphql', 503);
    expect((await failure(client().apply(target, [add(1)]))).status).toBe(503);
  });

  it('throws 403 when the app may not write customers, and rejects an item Shopify cannot resolve', async () => {
    fake.failNext('graphql', 200, { errors: [{ message: 'Access denied for tagsAdd field. Required access: `write_customers` access scope.', extensions: { code: 'ACCESS_DENIED' } }] });
    const denied = await failure(client().apply(target, [add(1)]));
    expect([denied.status, denied.code]).toEqual([403, 'access_denied']);

    fake.failNext('graphql', 200, { errors: [{ message: 'Invalid global id', extensions: { code: 'argumentLiteralsIncompatible' } }], data: { tagsAdd: null } });
    const outcomes = await client().apply(target, [add(1), add(2)]);
    expect(outcomes[0]).toMatchObject({ result: 'rejected', status: 400, code: 'graphql_error' });
    expect(outcomes[1]).toEqual({ result: 'ok', remoteId: gid(1002) });
  });

  it('maps an unreachable Shopify to status 0', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failure(client({ origin: `http://127.0.0.1:${port}/{shop}` }).apply(target, [add(1)]));
    expect([err.status, err.code]).toEqual([0, 'network']);
  });
});
