import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/clock.js';
import { loadConfig } from '../../../server/config.js';
import { DESTINATION_CREDENTIALS, DESTINATION_SETTINGS, mailchimpDataCenter } from '../../../server/destinations/destination-settings.js';
import { createFetchHttpClient } from '../../../server/destinations/http/http-client.js';
import { createMailchimpClient } from '../../../server/destinations/mailchimp/create-mailchimp-client.js';
import { mailchimpHarness } from '../contract/mailchimp-harness.js';
import type { ContractFixture } from '../contract/contract-harness.js';
import { member } from './mailchimp-fixture.js';

let fixture: ContractFixture | null = null;
afterEach(async () => { await fixture?.close(); fixture = null; });

describe('Mailchimp contract harness', () => {
  it('points the app’s config at the fake and reports tagged members, refusals, faults and requests', async () => {
    fixture = await mailchimpHarness.start();
    // What the app would build from the fixture: its config, the stored settings and credentials.
    const config = loadConfig({ DATABASE_PATH: ':memory:', ...fixture.env });
    const settings = DESTINATION_SETTINGS.mailchimp.parse(fixture.destination.settings);
    const { apiKey } = DESTINATION_CREDENTIALS.mailchimp.parse(fixture.destination.credentials);
    expect(DESTINATION_CREDENTIALS.mailchimp.safeParse(fixture.wrongCredentials).success).toBe(true);
    const sleeps: number[] = [];
    const client = createMailchimpClient({
      baseUrl: config.destinations.mailchimpApiUrl.replaceAll('{dc}', mailchimpDataCenter(apiKey)), apiKey, audienceId: settings.audienceId,
      http: createFetchHttpClient({ timeoutMs: config.destinations.httpTimeoutMs }), clock: fixedClock(0), sleep: async (ms) => { sleeps.push(ms); },
    });
    await client.verify();
    const tag = await client.ensureTarget({ segmentId: 1, segmentName: 'VIP', remoteRef: null });
    const target = { segmentId: 1, segmentName: 'VIP', remoteRef: tag };

    fixture.refuse('Bounced@example.com');
    fixture.inject('throttle');
    const outcomes = await client.apply(target, [{ op: 'add', member: member(1) }, { op: 'add', member: member(2, { email: 'bounced@example.com' }) }]);
    expect(outcomes.map((o) => o.result)).toEqual(['ok', 'rejected']);
    expect(sleeps).toEqual([1000]);
    expect(await fixture.members(tag)).toEqual(new Map([['shopper1@example.com', {}]]));

    // A member refused after it was synced drops out of members() too.
    fixture.refuse('shopper1@example.com');
    expect((await fixture.members(tag)).size).toBe(0);

    fixture.inject('server_error', 2);
    await expect(client.apply(target, [{ op: 'add', member: member(3) }])).rejects.toMatchObject({ status: 500 });
    expect(fixture.flowEvents()).toBeNull();
    expect(fixture.requestCount()).toBe(6); // verify, 429, PUT+tags, PUT (cleaned), 500
  });
});
