import { afterEach, describe, expect, it } from 'vitest';
import { startFakeMailchimp, type FakeMailchimp, type FakeMailchimpOptions } from './start-fake-mailchimp.js';
import { subscriberHash } from './fake-members.js';
import { API_KEY, LIST, callFake } from './call-fake-mailchimp.js';

let fake: FakeMailchimp;
async function start(options: Partial<FakeMailchimpOptions> = {}): Promise<FakeMailchimp> {
  fake = await startFakeMailchimp({ apiKey: API_KEY, audiences: [{ id: LIST }], ...options });
  return fake;
}
afterEach(async () => { await fake.close(); });

const members = () => fake.state.audiences.get(LIST)?.members;
const batch = (body: Record<string, unknown>, query = '') => callFake(fake, 'POST', `/lists/${LIST}${query}`, body);

describe('fake Mailchimp: batch subscribe', () => {
  it('creates, updates and reports per-member errors in one 200 answer', async () => {
    await start();
    fake.seedMember(LIST, 'old@example.com', 'subscribed');
    fake.seedMember(LIST, 'out@example.com', 'unsubscribed');
    fake.seedMember(LIST, 'bounce@example.com', 'cleaned');
    fake.forget(LIST, 'erased@example.com');
    const res = await batch({
      update_existing: true,
      members: [
        { email_address: 'new@example.com', status: 'subscribed' },
        { email_address: 'old@example.com', status: 'subscribed', merge_fields: { FNAME: 'Old' } },
        { email_address: 'out@example.com', status: 'subscribed' },
        { email_address: 'bounce@example.com', status: 'subscribed' },
        { email_address: 'erased@example.com', status: 'subscribed' },
        { email_address: 'NEW@example.com', status: 'subscribed' },
        { email_address: 'nostatus@example.com' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total_created: 1, total_updated: 1, error_count: 5 });
    expect((res.body?.new_members as Array<{ email_address: string }>).map((m) => m.email_address)).toEqual(['new@example.com']);
    expect(res.body?.updated_members).toMatchObject([{ email_address: 'old@example.com', merge_fields: { FNAME: 'Old' } }]);
    expect(res.body?.errors).toMatchObject([
      { email_address: 'out@example.com', error_code: 'ERROR_GENERIC', error: expect.stringContaining('compliance state') },
      { email_address: 'bounce@example.com', error_code: 'ERROR_GENERIC', error: expect.stringContaining('cleaned') },
      { email_address: 'erased@example.com', error_code: 'ERROR_GENERIC', error: expect.stringContaining('permanently deleted') },
      { email_address: 'NEW@example.com', error_code: 'ERROR_GENERIC', error: expect.stringContaining('more than once') },
      { email_address: 'nostatus@example.com', error_code: 'ERROR_GENERIC', field: 'status' },
    ]);
    expect(members()?.get(subscriberHash('out@example.com'))?.status).toBe('unsubscribed');
    expect(members()?.get(subscriberHash('bounce@example.com'))?.status).toBe('cleaned');
    expect(members()?.has(subscriberHash('nostatus@example.com'))).toBe(false);
  });

  it('without update_existing leaves existing members alone with ERROR_CONTACT_EXISTS; skip_duplicate_check drops repeats', async () => {
    await start();
    fake.seedMember(LIST, 'out@example.com', 'unsubscribed');
    const res = await batch({
      members: [{ email_address: 'out@example.com', status: 'subscribed' }, { email_address: 'a@example.com', status: 'pending' }, { email_address: 'a@example.com', status: 'subscribed' }],
    }, '?skip_duplicate_check=true');
    expect(res.body).toMatchObject({ total_created: 1, total_updated: 0, error_count: 1, errors: [{ email_address: 'out@example.com', error_code: 'ERROR_CONTACT_EXISTS' }] });
    expect(members()?.get(subscriberHash('a@example.com'))?.status).toBe('pending');
  });

  it('accepts 500 members and rejects 501 with a problem body, storing none of them', async () => {
    await start();
    const make = (n: number) => Array.from({ length: n }, (_, i) => ({ email_address: `m${i}@example.com`, status: 'transactional' }));
    const tooMany = await batch({ members: make(501) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ title: 'Invalid Resource', errors: [{ field: 'members' }] });
    expect(members()?.size).toBe(0);
    expect((await batch({ members: make(500) })).body).toMatchObject({ total_created: 500, error_count: 0 });
  });

  it('validates the batch body against the spec subset', async () => {
    await start();
    expect((await batch({ update_existing: true })).body).toMatchObject({ status: 400, errors: [{ field: 'members', message: 'This value is required' }] });
    const badStatus = await batch({ members: [{ email_address: 'a@example.com', status: 'archived' }] });
    expect(badStatus.body).toMatchObject({ status: 400, errors: [{ field: 'members[0].status' }] });
    expect(members()?.size).toBe(0);
  });
});

describe('fake Mailchimp: fault injection', () => {
  it('answers the next N requests to a path with 429 or 500, then serves normally', async () => {
    await start();
    fake.inject({ path: `/3.0/lists/${LIST}`, kind: 'status', status: 429, times: 2 });
    fake.inject({ path: '/3.0/lists/*', kind: 'status', status: 500 });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await callFake(fake, 'GET', `/lists/${LIST}`)).status);
    expect(statuses).toEqual([429, 429, 500, 200]);
    expect(fake.state.requests.map((r) => r.status)).toEqual([429, 429, 500, 200]);
    expect(fake.state.faults).toEqual([]);
  });

  it('holds a timed-out request without answering, so the client timeout fires', async () => {
    await start();
    fake.inject({ path: `/3.0/lists/${LIST}`, kind: 'timeout' });
    await expect(callFake(fake, 'GET', `/lists/${LIST}`, undefined, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect((await callFake(fake, 'GET', `/lists/${LIST}`)).status).toBe(200);
  });

  it('fails one member of the next batch with a per-member error and creates the rest', async () => {
    await start();
    fake.inject({ path: `/3.0/lists/${LIST}`, kind: 'member-error', emailAddress: 'B@example.com', error: 'Injected.' });
    const body = { members: [{ email_address: 'a@example.com', status: 'subscribed' }, { email_address: 'b@example.com', status: 'subscribed' }] };
    expect((await batch(body)).body).toMatchObject({ total_created: 1, error_count: 1, errors: [{ email_address: 'b@example.com', error: 'Injected.', error_code: 'ERROR_GENERIC' }] });
    // The fault was used up: the retried batch creates the member that failed and nobody twice.
    expect((await batch(body)).body).toMatchObject({ total_created: 1, error_count: 1, errors: [{ email_address: 'a@example.com', error_code: 'ERROR_CONTACT_EXISTS' }] });
    expect(members()?.size).toBe(2);
  });
});

describe('fake Mailchimp: simultaneous connections', () => {
  it('answers 429 Too Many Requests beyond 10 in flight and records the peak', async () => {
    await start({ latencyMs: 150 });
    const replies = await Promise.all(Array.from({ length: 12 }, () => callFake(fake, 'GET', `/lists/${LIST}`)));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(replies.find((r) => r.status === 429)?.body).toMatchObject({ title: 'Too Many Requests', status: 429 });
    expect(fake.state.peakConnections).toBe(12);
    expect(fake.state.activeConnections).toBe(0);
  });

  it('lets a client that keeps to 9 at a time through with a peak of 9', async () => {
    await start({ latencyMs: 50 });
    const queue = Array.from({ length: 45 }, (_, i) => i);
    const worker = async () => { while (queue.shift() !== undefined) expect((await callFake(fake, 'GET', `/lists/${LIST}`)).status).toBe(200); };
    await Promise.all(Array.from({ length: 9 }, worker));
    expect(fake.state.peakConnections).toBe(9);
    expect(fake.state.requests).toHaveLength(45);
    expect(Math.max(...fake.state.requests.map((r) => r.concurrent))).toBe(9);
  });
});
