import { startFakeMailchimp } from '../../fakes/mailchimp/start-fake-mailchimp.js';
import { subscriberHash } from '../../fakes/mailchimp/fake-members.js';
import type { ContractFixture, ContractHarness } from './contract-harness.js';

const API_KEY = '0123456789abcdef0123456789abcdef-us14';
const AUDIENCE = 'contract0001';
// Every member call (PUT, tags) is under this prefix; the audience GET of verify() is not.
const MEMBER_PATHS = `/3.0/lists/${AUDIENCE}/*`;

/**
 * The fake Mailchimp for the shared destination contract suite. Mailchimp carries membership only (the
 * segment's tag), not our `ss_` properties (create-mailchimp-client.ts), so members() maps every tagged
 * address to `{}`. A cleaned member receives no campaigns: members() leaves it out even if it still
 * carries the tag, which is what refuse() relies on.
 */
export const mailchimpHarness: ContractHarness = {
  kind: 'mailchimp',
  identity: 'email',
  async start(): Promise<ContractFixture> {
    const fake = await startFakeMailchimp({ apiKey: API_KEY, audiences: [{ id: AUDIENCE, name: 'Contract audience' }] });
    const audience = fake.state.audiences.get(AUDIENCE);
    if (!audience) throw new Error('the fake has no contract audience');
    return {
      // MAILCHIMP_API_URL without {dc}: the fake ignores the data center. A short timeout makes the timeout fault quick.
      env: { MAILCHIMP_API_URL: fake.baseUrl, SYNC_HTTP_TIMEOUT_MS: '2000' },
      destination: { kind: 'mailchimp', name: 'Mailchimp (contract)', settings: { audienceId: AUDIENCE }, credentials: { apiKey: API_KEY } },
      wrongCredentials: { apiKey: 'ffffffffffffffffffffffffffffffff-us14' },
      async members(remoteRef) {
        const tag = remoteRef.toLowerCase();
        const members = new Map<string, Record<string, unknown>>();
        for (const member of audience.members.values()) {
          if (member.status !== 'cleaned' && member.tags.has(tag)) members.set(member.emailAddress.toLowerCase(), {});
        }
        return members;
      },
      flowEvents: () => null,
      inject(fault, times = 1) {
        if (fault === 'timeout') fake.inject({ path: MEMBER_PATHS, kind: 'timeout', times });
        else fake.inject({ path: MEMBER_PATHS, kind: 'status', status: fault === 'throttle' ? 429 : 500, times });
      },
      // As after a hard bounce: Mailchimp cleans the address and never edits it again.
      refuse(key) {
        const member = audience.members.get(subscriberHash(key));
        if (member) member.status = 'cleaned';
        else fake.seedMember(AUDIENCE, key, 'cleaned');
      },
      requestCount: () => fake.state.requests.length,
      close: () => fake.close(),
    };
  },
};
