import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncOperation } from '../../../server/destinations/destination-client.js';
import { DestinationError } from '../../../server/destinations/destination-error.js';
import { subscriberHash } from '../../../server/destinations/mailchimp/mailchimp-names.js';
import { startFakeMailchimp, type FakeMailchimp } from '../../fakes/mailchimp/start-fake-mailchimp.js';
import { API_KEY, LIST, mailchimpClient, member, tagged, target } from './mailchimp-fixture.js';

let fake: FakeMailchimp;
beforeEach(async () => { fake = await startFakeMailchimp({ apiKey: API_KEY, audiences: [{ id: LIST }] }); });
afterEach(async () => { await fake.close(); });

const adds = (n: number): SyncOperation[] => Array.from({ length: n }, (_, i) => ({ op: 'add', member: member(i + 1) }));
const memberPath = (profileId: number) => `/3.0/lists/${LIST}/members/${subscriberHash(`shopper${profileId}@example.com`)}`;

async function failure(promise: Promise<unknown>): Promise<DestinationError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DestinationError);
  return err as DestinationError;
}

describe('Mailchimp client: throttling', () => {
  it('waits out a 429 (1 s, 2 s...) and carries on', async () => {
    fake.inject({ path: `/3.0/lists/${LIST}/*`, kind: 'status', status: 429, times: 2 });
    const { client, sleeps } = mailchimpClient(fake);
    const outcomes = await client.apply(target, adds(1));
    expect(outcomes).toEqual([{ result: 'ok', remoteId: subscriberHash('shopper1@example.com') }]);
    expect(sleeps).toEqual([1000, 2000]);
    expect(fake.state.requests.map((r) => r.status)).toEqual([429, 429, 200, 204]);
  });

  it('fails the call with 429 after three waits', async () => {
    fake.inject({ path: `/3.0/lists/${LIST}/*`, kind: 'status', status: 429, times: 4 });
    const { client, sleeps } = mailchimpClient(fake);
    const err = await failure(client.apply(target, adds(1)));
    expect([err.status, err.code, err.retryAfterMs]).toEqual([429, 'throttled', null]);
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(tagged(fake)).toEqual([]);
  });
});

describe('Mailchimp client: server errors and timeouts', () => {
  it('marks only the member that hit a 500 for retry when the others got through', async () => {
    fake.inject({ path: memberPath(2), kind: 'status', status: 500 });
    const { client } = mailchimpClient(fake);
    const outcomes = await client.apply(target, adds(3));
    expect(outcomes).toEqual([
      { result: 'ok', remoteId: subscriberHash('shopper1@example.com') },
      { result: 'retry', status: 500, code: 'server_error', message: 'Mailchimp failed: Internal Server Error.' },
      { result: 'ok', remoteId: subscriberHash('shopper3@example.com') },
    ]);
    // The retry goes through.
    expect(await client.apply(target, [adds(3)[1] as SyncOperation])).toEqual([{ result: 'ok', remoteId: subscriberHash('shopper2@example.com') }]);
    expect(tagged(fake)).toHaveLength(3);
  });

  it('marks a member whose request timed out for retry', async () => {
    fake.inject({ path: memberPath(1), kind: 'timeout' });
    const { client } = mailchimpClient(fake, { timeoutMs: 250 });
    const outcomes = await client.apply(target, adds(3));
    expect(outcomes[0]).toMatchObject({ result: 'retry', status: 0, code: 'timeout' });
    expect(outcomes.slice(1).map((o) => o.result)).toEqual(['ok', 'ok']);
  });

  it('throws when no member got through, and stops after a window of failures when Mailchimp is down', async () => {
    fake.inject({ path: `/3.0/lists/${LIST}/*`, kind: 'status', status: 503, times: 1000 });
    const { client } = mailchimpClient(fake);
    const err = await failure(client.apply(target, adds(60)));
    expect([err.status, err.code]).toEqual([503, 'server_error']);
    // 9 in flight at most when the ninth failure stops the rest: far fewer requests than members.
    expect(fake.state.requests.length).toBeLessThan(20);

    fake.state.faults.length = 0;
    fake.inject({ path: `/3.0/lists/${LIST}/*`, kind: 'timeout', times: 2 });
    const timedOut = await failure(mailchimpClient(fake, { timeoutMs: 250 }).client.apply(target, adds(2)));
    expect([timedOut.status, timedOut.code]).toEqual([0, 'timeout']);
  });
  it('throws once nine members in a row failed, even after others got through (the batch is re-sent whole)', async () => {
    for (let id = 2; id <= 21; id++) fake.inject({ path: memberPath(id), kind: 'status', status: 500 });
    const err = await failure(mailchimpClient(fake).client.apply(target, adds(21)));
    expect([err.status, err.code]).toEqual([500, 'server_error']);
    // Only the member that got through may carry the tag; re-sending it is harmless. The rest were not all tried.
    expect(tagged(fake).filter((email) => email !== 'shopper1@example.com')).toEqual([]);
    expect(fake.state.requests.filter((r) => r.method === 'PUT').length).toBeLessThan(21);
  });
});

describe('Mailchimp client: credentials', () => {
  it('fails the whole call with 401 on a bad key and stops sending', async () => {
    const { client } = mailchimpClient(fake, { apiKey: 'ffffffffffffffffffffffffffffffff-us14' });
    const err = await failure(client.apply(target, adds(100)));
    expect([err.status, err.code]).toEqual([401, 'credentials_rejected']);
    expect(err.message).toContain('API Key Invalid');
    expect(fake.state.requests.length).toBeLessThanOrEqual(9);
    expect(fake.state.requests.every((r) => r.status === 401)).toBe(true);
    expect((await failure(client.verify())).status).toBe(401);
  });
});
