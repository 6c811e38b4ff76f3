import { startFakeKlaviyo } from '../../fakes/klaviyo/start-fake-klaviyo.js';
import type { ContractFixture, ContractHarness } from './contract-harness.js';

const API_KEY = 'pk_contract_suite_key';
const FLOW_EVENTS = new Set(['Entered Segment', 'Exited Segment']);
// Any Klaviyo endpoint: the suite's faults hit whichever call the sync makes next.
const ANY_API_PATH = /^\/api\//;

/** The fake Klaviyo for the shared destination contract suite (destination-contract.test.ts). */
export const klaviyoHarness: ContractHarness = {
  kind: 'klaviyo',
  identity: 'email',
  async start(): Promise<ContractFixture> {
    const fake = await startFakeKlaviyo({ apiKeys: [API_KEY] });
    const emailOf = (profileId: string) => fake.state.profiles.get(profileId)?.email ?? `(profile ${profileId})`;
    return {
      env: { KLAVIYO_API_URL: fake.baseUrl },
      destination: { kind: 'klaviyo', name: 'Klaviyo (contract)', settings: { subscribeWithConsent: true }, credentials: { apiKey: API_KEY } },
      wrongCredentials: { apiKey: 'pk_not_a_known_key' },
      async members(remoteRef) {
        const members = new Map<string, Record<string, unknown>>();
        for (const profileId of fake.state.memberships.get(remoteRef) ?? []) {
          const profile = fake.state.profiles.get(profileId);
          if (!profile?.email) continue;
          members.set(profile.email.toLowerCase(), Object.fromEntries(Object.entries(profile.properties).filter(([key]) => key.startsWith('ss_'))));
        }
        return members;
      },
      flowEvents() {
        return fake.state.events
          .filter((e) => FLOW_EVENTS.has(e.metric))
          .map((e) => ({ key: emailOf(e.profileId).toLowerCase(), name: e.metric as 'Entered Segment' | 'Exited Segment', uniqueId: e.uniqueId }));
      },
      inject(fault, times = 1) {
        if (fault === 'timeout') fake.inject({ kind: 'timeout', path: ANY_API_PATH, times });
        else fake.inject({ kind: 'status', path: ANY_API_PATH, status: fault === 'throttle' ? 429 : 500, times, retryAfterSeconds: 1 });
      },
      refuse(key) {
        fake.refuseEmail(key);
      },
      requestCount: () => fake.state.requests.length,
      close: () => fake.close(),
    };
  },
};
