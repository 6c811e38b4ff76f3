import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncOperation } from '../../../server/destinations/destination-client.js';
import { listEmails, member, profileByEmail, startKlaviyoClientFixture, START, target } from './klaviyo-client-fixture.js';

type Fixture = Awaited<ReturnType<typeof startKlaviyoClientFixture>>;

describe('Klaviyo client: refused, invalid and bounced members; consent', () => {
  let f: Fixture;
  let listId: string;
  beforeEach(async () => {
    f = await startKlaviyoClientFixture();
    listId = await f.client.ensureTarget(target());
  });
  afterEach(async () => { await f.fake.close(); });

  const adds = (ids: number[]): SyncOperation[] => ids.map((id) => ({ op: 'add', member: member(id) }));
  const importPosts = () => f.fake.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/profile-bulk-import-jobs').map((r) => r.status);

  it('drops only the profiles a synchronous 400 points at, reports them invalid, and imports the rest on one retry', async () => {
    f.fake.inject({ kind: 'bulk-import-400', indexes: [1, 3] });
    const outcomes = await f.client.apply(target(listId), adds([1, 2, 3, 4, 5]));
    const refused = { result: 'rejected', status: 400, code: 'invalid', message: 'Klaviyo refused this profile (email).', suppress: 'invalid' };
    expect(outcomes).toEqual([{ result: 'ok', remoteId: null }, refused, { result: 'ok', remoteId: null }, refused, { result: 'ok', remoteId: null }]);
    expect(importPosts()).toEqual([400, 202]);
    expect(listEmails(f.fake, listId)).toEqual(['shopper1@shop.test', 'shopper3@shop.test', 'shopper5@shop.test']);
    expect(f.fake.state.events.map((e) => e.uniqueId)).toEqual([1, 3, 5].map((id) => `ss:7:${id}:${member(id).enteredAt}:enter`));
  });

  it('refuses an address the remote refuses for good, on every later apply, without holding back the others', async () => {
    f.fake.refuseEmail('shopper2@shop.test');
    for (let round = 0; round < 2; round += 1) {
      const outcomes = await f.client.apply(target(listId), adds([1, 2]));
      expect(outcomes[0]?.result).toBe('ok');
      expect(outcomes[1]).toMatchObject({ result: 'rejected', status: 400, suppress: 'invalid' });
    }
    expect(listEmails(f.fake, listId)).toEqual(['shopper1@shop.test']);
  });

  it('retries the remainder only once: a second per-profile 400 refuses those and leaves the rest to be retried later', async () => {
    f.fake.inject({ kind: 'bulk-import-400', indexes: [0] });
    f.fake.inject({ kind: 'bulk-import-400', indexes: [0] });
    const outcomes = await f.client.apply(target(listId), adds([1, 2, 3]));
    expect(outcomes.map((o) => o.result)).toEqual(['rejected', 'rejected', 'retry']);
    expect(outcomes[2]).toMatchObject({ status: 400, code: 'import_refused_twice' });
    expect(importPosts()).toEqual([400, 400]);
    expect(f.fake.state.events).toHaveLength(0);
  });

  it('reads the import errors of a completed job with failures and refuses exactly those profiles', async () => {
    const outcomes = await f.client.apply(target(listId), [{ op: 'add', member: member(1) }, { op: 'add', member: member(2, { email: 'not-an-email' }) }, { op: 'add', member: member(3) }]);
    expect(outcomes[1]).toEqual({ result: 'rejected', status: 400, code: 'invalid', message: 'Klaviyo could not import this profile (email).', suppress: 'invalid' });
    expect([outcomes[0]?.result, outcomes[2]?.result]).toEqual(['ok', 'ok']);
    expect(f.fake.state.requests.some((r) => r.path.endsWith('/import-errors') && r.status === 200)).toBe(true);
    expect(listEmails(f.fake, listId)).toEqual(['shopper1@shop.test', 'shopper3@shop.test']);
    expect(f.fake.state.events).toHaveLength(2);
  });

  it('hands back a cancelled job\'s profiles to be retried, sending no events for them', async () => {
    const cancelling = f.makeClient({
      sleep: async (ms) => {
        for (const job of f.fake.state.jobs.values()) if (job.status === 'queued') job.status = 'cancelled';
        await f.sleep(ms);
      },
    });
    const outcomes = await cancelling.apply(target(listId), adds([1, 2]));
    expect(outcomes).toEqual([1, 2].map(() => ({ result: 'retry', status: 409, code: 'job_cancelled', message: 'The Klaviyo import job was cancelled.' })));
    expect(listEmails(f.fake, listId)).toEqual([]);
    expect(f.fake.state.events).toHaveLength(0);
  });

  it('refuses a bounced address as bounced before importing it, and a member without email as such', async () => {
    f.fake.bounce('shopper2@shop.test');
    f.fake.bounce('shopper3@shop.test', 'INVALID_EMAIL');
    const outcomes = await f.client.apply(target(listId), [...adds([1, 2, 3]), { op: 'add', member: member(4, { email: null }) }]);
    expect(outcomes).toEqual([
      { result: 'ok', remoteId: null },
      { result: 'rejected', status: 400, code: 'suppressed_bounced', message: 'Klaviyo reports this address as bounced.', suppress: 'bounced' },
      { result: 'rejected', status: 400, code: 'suppressed_invalid', message: 'Klaviyo reports this address as invalid.', suppress: 'invalid' },
      { result: 'rejected', status: 400, code: 'no_email', message: 'Klaviyo profiles are keyed by email and this member has none.' },
    ]);
    expect(listEmails(f.fake, listId)).toEqual(['shopper1@shop.test']);
  });

  it('never puts an address into a message: Klaviyo\'s own texts are redacted', async () => {
    const outcomes = await f.client.apply(target(listId), adds([1, 2]).concat([{ op: 'add', member: member(3, { email: 'bad address@x' }) }]));
    expect(outcomes.map((o) => o.result)).toEqual(['ok', 'ok', 'rejected']);
    for (const outcome of outcomes) {
      if (outcome.result !== 'ok') expect(outcome.message).not.toMatch(/@/);
    }
  });

  it('subscribes consenting new members only when the merchant turned it on: historical with consented_at, never an opt-out', async () => {
    const consenting = (id: number, consentedAt: number | null) => ({ op: 'add' as const, member: member(id, { marketingConsent: true, consentedAt }) });
    await f.client.apply(target(listId), [consenting(1, START - 86_400_000)]);
    expect(f.fake.state.subscriptionJobs).toEqual([]);

    const subscribing = f.makeClient({ subscribeWithConsent: true });
    f.fake.bounce('shopper5@shop.test', 'UNSUBSCRIBE');
    const outcomes = await subscribing.apply(target(listId), [consenting(2, START - 86_400_000), consenting(3, null), { op: 'add', member: member(4) }, consenting(5, START - 1000)]);
    expect(outcomes.map((o) => o.result)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(f.fake.state.subscriptionJobs).toEqual([
      { historicalImport: true, customSource: 'Shopper Segments', listId: null, emails: ['shopper2@shop.test'] },
      { historicalImport: false, customSource: 'Shopper Segments', listId: null, emails: ['shopper3@shop.test'] },
    ]);
    expect(profileByEmail(f.fake, 'shopper2@shop.test')?.emailMarketing).toMatchObject({ consent: 'SUBSCRIBED', consentTimestamp: new Date(START - 86_400_000).toISOString() });
    expect(profileByEmail(f.fake, 'shopper5@shop.test')?.emailMarketing.consent).toBe('UNSUBSCRIBED');
    expect(listEmails(f.fake, listId)).toEqual([1, 2, 3, 4, 5].map((id) => `shopper${id}@shop.test`));
  });
});
