import { randomBytes } from 'node:crypto';
import { Session } from '@shopify/shopify-api';
import { systemClock } from '../../../server/clock.js';
import { offlineSessionId } from '../../../server/auth/create-offline-sessions.js';
import { createSqliteSessionStorage } from '../../../server/auth/create-sqlite-session-storage.js';
import { createTokenCipher } from '../../../server/auth/create-token-cipher.js';
import { startFakeShopify } from '../../fakes/shopify/start-fake-shopify.js';
import { startShopifyFaultProxy } from '../shopify-tags/start-shopify-fault-proxy.js';
import type { ContractFixture, ContractHarness } from './contract-harness.js';

// The app seals tokens with ENCRYPTION_KEY; the harness sets it so prepareApp can seal the same way.
const ENCRYPTION_KEY = '5a'.repeat(32);
const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/(\d+)$/;

/**
 * The fake Shopify (tagsAdd/tagsRemove, cost bucket) for the shared destination contract suite, behind
 * a small proxy for THROTTLED, dropped connections and refused customers. Members are keyed by customer
 * id; tags carry no properties, so each maps to `{}`. There is nothing to suppress: a refused customer
 * is a userError, final for that customer.
 */
export const shopifyTagsHarness: ContractHarness = {
  kind: 'shopify_tags',
  identity: 'customer',
  async start(): Promise<ContractFixture> {
    const fake = await startFakeShopify({ apiKey: 'contract-api-key', apiSecret: 'contract-api-secret' });
    const proxy = await startShopifyFaultProxy(fake.adminOrigin);
    let shop = 'demo-shop.myshopify.com';
    return {
      env: { SHOPIFY_ADMIN_ORIGIN: proxy.adminOrigin, ENCRYPTION_KEY },
      destination: { kind: 'shopify_tags', name: 'Shopify tags (contract)', settings: { tagPrefix: 'ss-' }, credentials: {} },
      // Shopify tags use the shop's own offline token; there is no credential to get wrong.
      wrongCredentials: {},
      // The app reaches Shopify with the shop's offline session: store one the fake knows, as the OAuth callback would.
      async prepareApp({ db, shopDomain }) {
        shop = shopDomain;
        const accessToken = `shpat_contract_${randomBytes(12).toString('hex')}`;
        fake.state.accessTokens.set(accessToken, { shop: shopDomain, expiresAt: null });
        const storage = createSqliteSessionStorage({ db, cipher: createTokenCipher(Buffer.from(ENCRYPTION_KEY, 'hex')), clock: systemClock });
        await storage.storeSession(new Session({ id: offlineSessionId(shopDomain), shop: shopDomain, state: '', isOnline: false, accessToken, scope: fake.state.scope }));
      },
      async members(remoteRef) {
        const tag = remoteRef.toLowerCase();
        const members = new Map<string, Record<string, unknown>>();
        for (const [gid, tags] of fake.state.tags.get(shop) ?? []) {
          const customerId = CUSTOMER_GID.exec(gid)?.[1];
          if (customerId && tags.some((t) => t.toLowerCase() === tag)) members.set(customerId, {});
        }
        return members;
      },
      flowEvents: () => null,
      inject: (fault, times = 1) => proxy.inject(fault, times),
      refuse: (key) => proxy.refuseCustomer(`gid://shopify/Customer/${key}`),
      requestCount: () => proxy.graphqlRequests(),
      async close() {
        await proxy.close();
        await fake.stop();
      },
    };
  },
};
