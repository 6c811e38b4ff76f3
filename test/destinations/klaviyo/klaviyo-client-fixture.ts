import { fixedClock } from '../../../server/clock.js';
import type { SyncMember, SyncTarget } from '../../../server/destinations/destination-client.js';
import { createFetchHttpClient } from '../../../server/destinations/http/http-client.js';
import { createKlaviyoClient, type KlaviyoClientOptions } from '../../../server/destinations/klaviyo/create-klaviyo-client.js';
import { startFakeKlaviyo, type FakeKlaviyo, type FakeKlaviyoOptions } from '../../fakes/klaviyo/start-fake-klaviyo.js';

export const API_KEY = 'pk_client_test';
export const START = Date.UTC(2026, 10, 29, 2, 0, 0);

/**
 * The real client over real HTTP against the fake, both on one test clock; sleep advances that clock
 * (and records each wait), so rate limits, Retry-After and job polling cost no real time.
 */
export async function startKlaviyoClientFixture(options: { fake?: FakeKlaviyoOptions; client?: Partial<KlaviyoClientOptions>; timeoutMs?: number } = {}) {
  const clock = fixedClock(START);
  const sleeps: number[] = [];
  const sleep = async (ms: number) => { sleeps.push(ms); clock.advance(ms); };
  const fake: FakeKlaviyo = await startFakeKlaviyo({ apiKeys: [API_KEY], wrongScopeKeys: ['pk_no_scopes'], now: clock.now, ...options.fake });
  const makeClient = (overrides: Partial<KlaviyoClientOptions> = {}) => createKlaviyoClient({
    baseUrl: fake.baseUrl,
    apiKey: API_KEY,
    subscribeWithConsent: false,
    http: createFetchHttpClient({ timeoutMs: options.timeoutMs ?? 5000 }),
    clock,
    sleep,
    ...options.client,
    ...overrides,
  });
  return { clock, sleeps, sleep, fake, client: makeClient(), makeClient };
}

export function member(profileId: number, overrides: Partial<SyncMember> = {}): SyncMember {
  return {
    profileId,
    email: `shopper${profileId}@shop.test`,
    customerId: null,
    properties: { ss_segments: ['Champions'], ss_rfm_group: 'champions', ss_orders: profileId, ss_last_order_at: null },
    marketingConsent: false,
    consentedAt: null,
    enteredAt: START - 3_600_000 + profileId,
    ...overrides,
  };
}

/** The linked segment 'Champions' (id 7); with a list id, as apply() receives it. */
export function target(): SyncTarget;
export function target(remoteRef: string): SyncTarget & { remoteRef: string };
export function target(remoteRef: string | null = null): SyncTarget {
  return { segmentId: 7, segmentName: 'Champions', remoteRef };
}

/** Lower-cased emails of the list's members, sorted. */
export function listEmails(fake: FakeKlaviyo, listId: string): string[] {
  return [...(fake.state.memberships.get(listId) ?? [])].map((id) => fake.state.profiles.get(id)?.email ?? '?').sort();
}

export const profileByEmail = (fake: FakeKlaviyo, email: string) => [...fake.state.profiles.values()].find((p) => p.email === email.toLowerCase());

/** Requests the fake answered 429 (the client's pacing must keep this at zero in normal operation). */
export const throttledCount = (fake: FakeKlaviyo) => fake.state.requests.filter((r) => r.status === 429).length;
