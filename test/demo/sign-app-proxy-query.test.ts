import { InvalidHmacError } from '@shopify/shopify-api';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createShopifyApi } from '../../server/shopify/create-shopify-api.js';
import { appProxySignature, signAppProxyQuery, toSearchParams } from '../../server/shopify/sign-app-proxy-query.js';

const config = loadConfig({});
const api = createShopifyApi(config);
const secret = config.shopify.apiSecret;
const nowSeconds = () => Math.floor(Date.now() / 1000);
// AuthQuery is typed string-only, but the validator joins repeated (array) parameters, as Express parses them.
const validate = (query: Record<string, string | string[]>) => api.utils.validateHmac(query as Record<string, string>, { signator: 'appProxy' });

describe('signAppProxyQuery', () => {
  it('reproduces the example in Shopify\'s app proxy documentation', () => {
    const signature = appProxySignature('hush', {
      extra: ['1', '2'],
      shop: 'shop-name.myshopify.com',
      logged_in_customer_id: '1',
      path_prefix: '/apps/awesome_reviews',
      timestamp: '1317327555',
    });
    expect(signature).toBe('4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb');
  });

  it('adds the parameters Shopify adds, with an empty logged_in_customer_id when nobody is logged in', async () => {
    const timestamp = nowSeconds();
    const query = signAppProxyQuery(secret, { shop: config.demo.shop, loggedInCustomerId: null, pathPrefix: '/apps/segments', timestamp });
    expect(query).toEqual({
      shop: 'demo-shop.myshopify.com',
      logged_in_customer_id: '',
      path_prefix: '/apps/segments',
      timestamp: String(timestamp),
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await validate(query)).toBe(true);
  });

  it('is accepted by @shopify/shopify-api with a customer and repeated storefront parameters', async () => {
    const query = signAppProxyQuery(secret, {
      shop: config.demo.shop,
      loggedInCustomerId: '7000000000000',
      pathPrefix: '/apps/segments',
      timestamp: nowSeconds(),
      query: { extra: ['1', '2'], q: 'green tea', signature: 'forged', hmac: 'forged' },
    });
    expect(query.extra).toEqual(['1', '2']);
    expect(await validate(query)).toBe(true);
    // What reaches the app is a URL; parsed back the same way Express does, it still validates.
    const roundTrip: Record<string, string | string[]> = {};
    const params = toSearchParams(query);
    for (const key of new Set(params.keys())) {
      const values = params.getAll(key);
      roundTrip[key] = values.length > 1 ? values : values[0]!;
    }
    expect(await validate(roundTrip)).toBe(true);
  });

  it('is rejected when a parameter is changed, with another secret, or when stale', async () => {
    const base = { shop: config.demo.shop, loggedInCustomerId: '7000000000001', pathPrefix: '/apps/segments', timestamp: nowSeconds() };
    const query = signAppProxyQuery(secret, base);
    expect(await validate({ ...query, logged_in_customer_id: '7000000000002' })).toBe(false);
    expect(await validate({ ...query, shop: 'other-shop.myshopify.com' })).toBe(false);
    expect(await validate(signAppProxyQuery('another-secret', base))).toBe(false);
    await expect(validate(signAppProxyQuery(secret, { ...base, timestamp: nowSeconds() - 120 }))).rejects.toThrow(InvalidHmacError);
  });
});
