import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncOperation } from '../../../server/destinations/destination-client.js';
import { mailchimpTagName, subscriberHash } from '../../../server/destinations/mailchimp/mailchimp-names.js';
import { startFakeMailchimp, type FakeMailchimp } from '../../fakes/mailchimp/start-fake-mailchimp.js';
import { API_KEY, LIST, TAG, mailchimpClient, member, tagged, target } from './mailchimp-fixture.js';

let fake: FakeMailchimp;
beforeEach(async () => { fake = await startFakeMailchimp({ apiKey: API_KEY, audiences: [{ id: LIST }], latencyMs: 3 }); });
afterEach(async () => { await fake.close(); });

const statusOf = (email: string) => fake.state.audiences.get(LIST)?.members.get(subscriberHash(email))?.status;

describe('Mailchimp client: adds and removes', () => {
  it('syncs 200 members with at most 9 connections, status_if_new only, and the segment tag active', async () => {
    const { client } = mailchimpClient(fake);
    const ops: SyncOperation[] = Array.from({ length: 200 }, (_, i) => ({ op: 'add', member: member(i + 1, { marketingConsent: i % 4 !== 0 }) }));
    const outcomes = await client.apply(target, ops);
    expect(outcomes).toEqual(ops.map((op) => ({ result: 'ok', remoteId: subscriberHash(op.op === 'add' ? op.member.email ?? '' : '') })));
    expect(fake.state.peakConnections).toBeLessThanOrEqual(9);
    expect(fake.state.peakConnections).toBeGreaterThanOrEqual(5);
    expect(fake.state.requests.every((r) => r.status !== 429)).toBe(true);
    expect(tagged(fake)).toHaveLength(200);
    expect(statusOf('shopper1@example.com')).toBe('transactional');
    expect(statusOf('shopper2@example.com')).toBe('subscribed');

    const puts = fake.state.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(200);
    for (const put of puts) {
      expect(Object.keys(put.body as object).sort()).toEqual(['email_address', 'status_if_new']);
    }
    const tagBodies = fake.state.requests.filter((r) => r.method === 'POST').map((r) => r.body);
    expect(tagBodies).toHaveLength(200);
    expect(tagBodies[0]).toEqual({ tags: [{ name: TAG, status: 'active' }] });
  });

  it('never resubscribes an opt-out: the member keeps its status and still gets the tag', async () => {
    fake.seedMember(LIST, 'Out@Example.com', 'unsubscribed');
    fake.seedMember(LIST, 'tx@example.com', 'transactional');
    const { client } = mailchimpClient(fake);
    const outcomes = await client.apply(target, [
      { op: 'add', member: member(1, { email: ' out@example.com ' }) },
      { op: 'update', member: member(2, { email: 'tx@example.com' }), remoteId: subscriberHash('tx@example.com') },
    ]);
    expect(outcomes.map((o) => o.result)).toEqual(['ok', 'ok']);
    expect(statusOf('out@example.com')).toBe('unsubscribed');
    expect(statusOf('tx@example.com')).toBe('transactional');
    expect(tagged(fake)).toEqual(['out@example.com', 'tx@example.com']);
    expect(fake.state.requests.some((r) => r.method === 'PUT' && 'status' in (r.body as object))).toBe(false);
  });

  it('removes by setting the tag inactive: no unsubscribe, other tags kept, an unknown member is fine', async () => {
    fake.seedMember(LIST, 'a@example.com', 'subscribed', [TAG, 'Loyal']);
    const { client } = mailchimpClient(fake);
    const outcomes = await client.apply(target, [
      { op: 'remove', profileId: 1, email: 'a@example.com', customerId: null, remoteId: subscriberHash('a@example.com'), enteredAt: 0 },
      { op: 'remove', profileId: 2, email: null, customerId: null, remoteId: subscriberHash('never@example.com'), enteredAt: 0 },
      { op: 'remove', profileId: 3, email: null, customerId: null, remoteId: null, enteredAt: 0 },
    ]);
    expect(outcomes).toEqual([
      { result: 'ok', remoteId: subscriberHash('a@example.com') },
      { result: 'ok', remoteId: subscriberHash('never@example.com') },
      { result: 'rejected', status: 422, code: 'no_identity', message: 'Neither the address nor the subscriber hash of this member is known.' },
    ]);
    const a = fake.state.audiences.get(LIST)?.members.get(subscriberHash('a@example.com'));
    expect(a?.status).toBe('subscribed');
    expect([...(a?.tags.values() ?? [])].map((t) => t.name)).toEqual(['Loyal']);
    expect(fake.state.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 204', 'POST 404']);
    expect(fake.state.requests[0]?.body).toEqual({ tags: [{ name: TAG, status: 'inactive' }] });
  });

  it('moves the tag when a member’s address changed, and replays harmlessly', async () => {
    const { client } = mailchimpClient(fake);
    await client.apply(target, [{ op: 'add', member: member(1, { email: 'old@example.com' }) }]);
    const update: SyncOperation[] = [{ op: 'update', member: member(1, { email: 'new@example.com' }), remoteId: subscriberHash('old@example.com') }];
    expect(await client.apply(target, update)).toEqual([{ result: 'ok', remoteId: subscriberHash('new@example.com') }]);
    expect(await client.apply(target, update)).toEqual([{ result: 'ok', remoteId: subscriberHash('new@example.com') }]);
    expect(tagged(fake)).toEqual(['new@example.com']);
    expect(fake.state.audiences.get(LIST)?.members.size).toBe(2);
  });
});

describe('Mailchimp client: members Mailchimp refuses for good', () => {
  it('rejects cleaned, forgotten, compliance-held and fake addresses with a suppression, and tags none of them', async () => {
    fake.seedMember(LIST, 'bounced@example.com', 'cleaned');
    fake.forget(LIST, 'erased@example.com');
    fake.holdForCompliance(LIST, 'held@example.com');
    const { client } = mailchimpClient(fake);
    const outcomes = await client.apply(target, [
      { op: 'add', member: member(1, { email: 'bounced@example.com' }) },
      { op: 'add', member: member(2, { email: 'erased@example.com' }) },
      { op: 'add', member: member(3, { email: 'held@example.com' }) },
      { op: 'add', member: member(4, { email: 'no-domain@localhost' }) },
      { op: 'add', member: member(5) },
    ]);
    expect(outcomes).toEqual([
      { result: 'rejected', status: 400, code: 'member_cleaned', message: 'Mailchimp cleaned this address (it bounced); it is not synced again.', suppress: 'cleaned' },
      expect.objectContaining({ result: 'rejected', status: 400, code: 'forgotten_email', suppress: 'forgotten' }),
      expect.objectContaining({ result: 'rejected', status: 400, code: 'compliance_state', suppress: 'compliance' }),
      expect.objectContaining({ result: 'rejected', status: 400, code: 'invalid_address', suppress: 'invalid' }),
      { result: 'ok', remoteId: subscriberHash('shopper5@example.com') },
    ]);
    // Messages keep Mailchimp's words but never the address.
    for (const o of outcomes) if (o.result === 'rejected') expect(o.message).not.toMatch(/@/);
    expect(tagged(fake)).toEqual(['shopper5@example.com']);
    expect(statusOf('bounced@example.com')).toBe('cleaned');
  });

  it('rejects a member without an address without calling Mailchimp', async () => {
    const { client } = mailchimpClient(fake);
    expect(await client.apply(target, [{ op: 'add', member: member(1, { email: null }) }])).toEqual([
      { result: 'rejected', status: 422, code: 'no_email', message: 'Mailchimp needs an email address.' },
    ]);
    expect(fake.state.requests).toHaveLength(0);
  });
});

describe('Mailchimp client: verify and targets', () => {
  it('verifies the key and audience with one GET', async () => {
    await mailchimpClient(fake).client.verify();
    expect(fake.state.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`GET /3.0/lists/${LIST} 200`]);
    await expect(mailchimpClient(fake, { audienceId: 'nope1' }).client.verify()).rejects.toMatchObject({ status: 404, code: 'audience_not_found' });
  });

  it('names the tag after the segment, capped at 100 characters, and keeps a ref once given', async () => {
    const { client } = mailchimpClient(fake);
    expect(await client.ensureTarget({ segmentId: 1, segmentName: '  Lapsed   VIPs ', remoteRef: null })).toBe('Shopper Segments: Lapsed VIPs');
    expect(await client.ensureTarget({ segmentId: 1, segmentName: 'Renamed', remoteRef: 'Shopper Segments: Lapsed VIPs' })).toBe('Shopper Segments: Lapsed VIPs');
    const long = mailchimpTagName('x'.repeat(300));
    expect(long).toHaveLength(100);
    expect(long.startsWith('Shopper Segments: xxx')).toBe(true);
    expect(fake.state.requests).toHaveLength(0);
  });
});
