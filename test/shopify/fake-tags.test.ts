import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminGraphqlClient } from '../../server/shopify/create-admin-graphql-client.js';
import { createAccessTokenClient } from '../../server/shopify/create-access-token-client.js';
import { signSessionToken } from '../../server/auth/sign-session-token.js';
import { loadConfig } from '../../server/config.js';
import { fixedClock } from '../../server/clock.js';
import { startFakeShopify, type FakeShopify } from '../fakes/shopify/start-fake-shopify.js';

const SHOP = 'tag-shop.myshopify.com';
const OTHER = 'other-tag-shop.myshopify.com';
const CUSTOMER = 'gid://shopify/Customer/7001234567890';
const ORDER = 'gid://shopify/Order/5550001';

// The mutations as destinations will send them (shopify.md §7.2).
const TAGS_ADD = `mutation TagsAdd($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } }
}`;
const TAGS_REMOVE = `mutation TagsRemove($id: ID!, $tags: [String!]!) {
  tagsRemove(id: $id, tags: $tags) { node { id } userErrors { field message } }
}`;

interface TagsPayload { node: { id: string } | null; userErrors: { field: string[] | null; message: string }[] }

describe('fake Shopify tagsAdd / tagsRemove through the Admin GraphQL client', () => {
  const clock = fixedClock(Date.now());
  let fake: FakeShopify;
  const tokens = new Map<string, string>();
  const client = (shop: string) => createAdminGraphqlClient({ config: { adminOrigin: fake.adminOrigin }, shop, clock, accessToken: async () => tokens.get(shop) ?? '' });
  const add = async (id: string, tags: unknown, shop = SHOP) => (await client(shop).request<{ tagsAdd: TagsPayload }>(TAGS_ADD, { id, tags })).tagsAdd;
  const remove = async (id: string, tags: unknown, shop = SHOP) => (await client(shop).request<{ tagsRemove: TagsPayload }>(TAGS_REMOVE, { id, tags })).tagsRemove;
  const tagsOf = (id: string, shop = SHOP) => fake.state.tags.get(shop)?.get(id);

  beforeAll(async () => {
    fake = await startFakeShopify({ apiKey: 'k', apiSecret: 's', now: clock.now });
    const config = loadConfig({ SHOPIFY_API_KEY: 'k', SHOPIFY_API_SECRET: 's', ENCRYPTION_KEY: '0f'.repeat(32), SHOPIFY_ADMIN_ORIGIN: fake.adminOrigin });
    for (const shop of [SHOP, OTHER]) {
      const session = await createAccessTokenClient({ config, clock }).exchangeSessionToken(shop, signSessionToken('s', { shop, apiKey: 'k' }));
      tokens.set(shop, session.accessToken ?? '');
    }
  });
  afterAll(async () => { await fake.stop(); });

  it('adds tags once each (case-insensitively), per resource, and answers Shopify\'s payload shape', async () => {
    expect(await add(CUSTOMER, ['segment:vip', 'segment:at-risk'])).toEqual({ node: { id: CUSTOMER }, userErrors: [] });
    expect(await add(CUSTOMER, ['SEGMENT:VIP', 'segment:new'])).toEqual({ node: { id: CUSTOMER }, userErrors: [] });
    expect(tagsOf(CUSTOMER)).toEqual(['segment:vip', 'segment:at-risk', 'segment:new']);
    // A comma-separated string works too, and other resources keep their own tags.
    expect((await add(ORDER, ' recovered , segment:vip ')).userErrors).toEqual([]);
    expect(tagsOf(ORDER)).toEqual(['recovered', 'segment:vip']);
    const last = fake.calls('graphql').at(-1);
    expect(last).toMatchObject({ operation: 'tagsAdd', status: 200 });
  });

  it('removes tags (case-insensitively), ignoring ones the resource does not have', async () => {
    expect(await remove(CUSTOMER, ['Segment:At-Risk', 'never-had'])).toEqual({ node: { id: CUSTOMER }, userErrors: [] });
    expect(tagsOf(CUSTOMER)).toEqual(['segment:vip', 'segment:new']);
    expect(tagsOf(ORDER)).toEqual(['recovered', 'segment:vip']);
  });

  it('keeps each shop\'s tags apart', async () => {
    await add(CUSTOMER, ['only-here'], OTHER);
    expect(tagsOf(CUSTOMER, OTHER)).toEqual(['only-here']);
    expect(tagsOf(CUSTOMER)).toEqual(['segment:vip', 'segment:new']);
  });

  it('answers user errors, changing nothing, for an untaggable id, no tags, or a tag too long', async () => {
    const before = JSON.stringify([...(fake.state.tags.get(SHOP) ?? [])]);
    const cases: [string, unknown, string][] = [
      ['gid://shopify/Collection/1', ['x'], 'id'],
      ['7001234567890', ['x'], 'id'],
      [CUSTOMER, [], 'tags'],
      [CUSTOMER, ' , ', 'tags'],
      [CUSTOMER, ['x'.repeat(256)], 'tags'],
    ];
    for (const [id, tags, field] of cases) {
      const result = await add(id, tags);
      expect(result.node, `${id} ${JSON.stringify(tags)}`).toBeNull();
      expect(result.userErrors).toEqual([{ field: [field], message: expect.any(String) }]);
    }
    expect((await remove('gid://shopify/Collection/1', ['x'])).userErrors[0]?.field).toEqual(['id']);
    expect(JSON.stringify([...(fake.state.tags.get(SHOP) ?? [])])).toBe(before);
  });

  it('caps a resource at 250 tags', async () => {
    const id = 'gid://shopify/Customer/42';
    expect((await add(id, Array.from({ length: 250 }, (_, i) => `t${i}`))).userErrors).toEqual([]);
    const over = await add(id, ['one-more']);
    expect(over.userErrors).toEqual([{ field: ['tags'], message: expect.stringMatching(/250/) }]);
    expect(tagsOf(id)).toHaveLength(250);
  });

  it('charges mutation cost 10 against the bucket', async () => {
    fake.setBucket(SHOP, 50);
    const res = await fetch(`${fake.adminOrigin.replace('{shop}', SHOP)}/admin/api/2026-07/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': tokens.get(SHOP) ?? '' },
      body: JSON.stringify({ query: TAGS_ADD, variables: { id: CUSTOMER, tags: ['x'] } }),
    });
    const body = (await res.json()) as { extensions: { cost: { requestedQueryCost: number; throttleStatus: { currentlyAvailable: number } } } };
    expect(body.extensions.cost.requestedQueryCost).toBe(10);
    expect(body.extensions.cost.throttleStatus.currentlyAvailable).toBe(40);
  });
});
