import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/clock.js';
import { loadConfig } from '../../../server/config.js';
import type { SyncOperation } from '../../../server/destinations/destination-client.js';
import { DESTINATION_CREDENTIALS, DESTINATION_SETTINGS } from '../../../server/destinations/destination-settings.js';
import { createFetchHttpClient } from '../../../server/destinations/http/http-client.js';
import { createWebhookClient } from '../../../server/destinations/webhook/create-webhook-client.js';
import { webhookHarness } from '../contract/webhook-harness.js';
import type { ContractFixture } from '../contract/contract-harness.js';

let fixture: ContractFixture | null = null;
afterEach(async () => { await fixture?.close(); fixture = null; });

const add = (profileId: number, email: string): SyncOperation => ({
  op: 'add', member: { profileId, email, customerId: null, properties: { ss_orders: profileId }, marketingConsent: true, consentedAt: null, enteredAt: 0 },
});

describe('webhook contract harness', () => {
  it('accepts what the client sends with the fixture’s settings, even with the app clock a day ahead', async () => {
    fixture = await webhookHarness.start();
    const config = loadConfig({ DATABASE_PATH: ':memory:', ...fixture.env });
    const settings = DESTINATION_SETTINGS.webhook.parse(fixture.destination.settings);
    const credentials = DESTINATION_CREDENTIALS.webhook.parse(fixture.destination.credentials);
    const clientWith = (secret: string) => createWebhookClient({
      url: settings.url, secret, destinationId: 1, http: createFetchHttpClient({ timeoutMs: config.destinations.httpTimeoutMs }), clock: fixedClock(Date.now() + 86_400_000),
    });
    const client = clientWith(credentials.secret);
    await client.verify();
    const remoteRef = await client.ensureTarget({ segmentId: 4, segmentName: 'VIP', remoteRef: null });
    const target = { segmentId: 4, segmentName: 'VIP', remoteRef };

    fixture.refuse('B@example.com');
    expect((await client.apply(target, [add(1, 'a@example.com'), add(2, 'b@example.com')])).map((o) => o.result)).toEqual(['ok', 'rejected']);
    expect(await fixture.members(remoteRef)).toEqual(new Map([['a@example.com', { ss_orders: 1 }]]));

    fixture.inject('throttle');
    await expect(client.apply(target, [add(3, 'c@example.com')])).rejects.toMatchObject({ status: 429, retryAfterMs: 1000 });
    fixture.inject('server_error');
    await expect(client.apply(target, [add(3, 'c@example.com')])).rejects.toMatchObject({ status: 500 });
    const wrong = DESTINATION_CREDENTIALS.webhook.parse(fixture.wrongCredentials);
    await expect(clientWith(wrong.secret).apply(target, [add(3, 'c@example.com')])).rejects.toMatchObject({ status: 401 });
    expect(fixture.requestCount()).toBe(5);
    expect(fixture.flowEvents()).toBeNull();
  });
});
