import { fixedClock } from '../../../server/clock.js';
import type { SyncMember } from '../../../server/destinations/destination-client.js';
import { createFetchHttpClient } from '../../../server/destinations/http/http-client.js';
import { createMailchimpClient } from '../../../server/destinations/mailchimp/create-mailchimp-client.js';
import type { FakeMailchimp } from '../../fakes/mailchimp/start-fake-mailchimp.js';

export const API_KEY = '0123456789abcdef0123456789abcdef-us14';
export const LIST = 'list0001';
export const T0 = Date.parse('2026-11-29T03:00:00Z');
export const TAG = 'Shopper Segments: VIP buyers';
export const target = { segmentId: 7, segmentName: 'VIP buyers', remoteRef: TAG };

export const member = (profileId: number, overrides: Partial<SyncMember> = {}): SyncMember => ({
  profileId,
  email: `shopper${profileId}@example.com`,
  customerId: null,
  properties: { ss_segments: ['VIP buyers'] },
  marketingConsent: true,
  consentedAt: null,
  enteredAt: T0 - 60_000,
  ...overrides,
});

/** A client on the fake with a recording sleep (429 back-off waits are returned at once). */
export function mailchimpClient(fake: FakeMailchimp, options: { apiKey?: string; audienceId?: string; timeoutMs?: number } = {}) {
  const sleeps: number[] = [];
  const client = createMailchimpClient({
    baseUrl: fake.baseUrl,
    apiKey: options.apiKey ?? API_KEY,
    audienceId: options.audienceId ?? LIST,
    http: createFetchHttpClient({ timeoutMs: options.timeoutMs ?? 5_000 }),
    clock: fixedClock(T0),
    sleep: async (ms) => { sleeps.push(ms); },
  });
  return { client, sleeps };
}

/** Members of the audience carrying the tag (case-insensitive), by lower-cased address. */
export function tagged(fake: FakeMailchimp, tag = TAG): string[] {
  const audience = fake.state.audiences.get(LIST);
  return [...(audience?.members.values() ?? [])]
    .filter((m) => m.tags.has(tag.toLowerCase()))
    .map((m) => m.emailAddress.toLowerCase())
    .sort();
}
