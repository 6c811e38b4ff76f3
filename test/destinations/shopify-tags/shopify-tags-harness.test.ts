import { afterEach, describe, expect, it } from 'vitest';
import { createShopifyTagsClient } from '../../../server/destinations/shopify-tags/create-shopify-tags-client.js';
import type { SyncOperation } from '../../../server/destinations/destination-client.js';
import { startTestApp, type TestApp } from '../../helpers/start-test-app.js';
import { shopifyTagsHarness } from '../contract/shopify-tags-harness.js';
import type { ContractFixture } from '../contract/contract-harness.js';

let app: TestApp | null = null;
let fixture: ContractFixture | null = null;
afterEach(async () => {
  await app?.stop();
  await fixture?.close();
  app = null;
  fixture = null;
});

const add = (profileId: number, customerId: string): SyncOperation => ({
  op: 'add', member: { profileId, email: null, customerId, properties: {}, marketingConsent: false, consentedAt: null, enteredAt: 0 },
});

describe('Shopify tags contract harness', () => {
  it('gives the app an offline token the fake accepts, and reports tags, faults, refusals and requests', async () => {
    fixture = await shopifyTagsHarness.start();
    app = await startTestApp({ env: fixture.env });
    await fixture.prepareApp?.({ db: app.db, shopDomain: app.shop.domain });
    // The app's own Admin client, with the token prepareApp stored through the app's session storage.
    const client = createShopifyTagsClient({ graphql: app.app.shopifyAuth.graphqlFor(app.shop.domain), tagPrefix: 'ss-' });
    await client.verify();
    const target = { segmentId: 1, segmentName: 'VIP', remoteRef: await client.ensureTarget({ segmentId: 1, segmentName: 'VIP', remoteRef: null }) };

    fixture.refuse('1003');
    fixture.inject('server_error');
    const outcomes = await client.apply(target, [add(1, '1001'), add(2, '1002'), add(3, '1003')]);
    expect(outcomes.map((o) => o.result)).toEqual(['retry', 'ok', 'rejected']);
    await client.apply(target, [add(1, '1001')]);
    expect(await fixture.members(target.remoteRef)).toEqual(new Map([['1001', {}], ['1002', {}]]));
    expect(fixture.flowEvents()).toBeNull();

    fixture.inject('throttle');
    expect(await client.apply(target, [add(4, '1004')])).toEqual([{ result: 'ok', remoteId: 'gid://shopify/Customer/1004' }]);
    fixture.inject('timeout');
    await expect(client.apply(target, [add(5, '1005')])).rejects.toMatchObject({ status: 0 });
    // verify, 3 tagsAdd (one 500), the retry, THROTTLED + its retry, the dropped one.
    expect(fixture.requestCount()).toBe(8);
  });
});
