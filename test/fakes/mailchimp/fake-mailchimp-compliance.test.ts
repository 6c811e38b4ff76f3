import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeMailchimp, type FakeMailchimp } from './start-fake-mailchimp.js';
import { subscriberHash } from './fake-members.js';
import { API_KEY, LIST, callFake } from './call-fake-mailchimp.js';

let fake: FakeMailchimp;
beforeEach(async () => { fake = await startFakeMailchimp({ apiKey: API_KEY, audiences: [{ id: LIST }] }); });
afterEach(async () => { await fake.close(); });

describe('fake Mailchimp: addresses held for compliance', () => {
  it('refuses opting a held address in (PUT and batch subscribe) but lets it join as transactional', async () => {
    fake.holdForCompliance(LIST, 'held@example.com');
    const path = `/lists/${LIST}/members/${subscriberHash('held@example.com')}`;
    const refused = await callFake(fake, 'PUT', path, { email_address: 'held@example.com', status_if_new: 'subscribed' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ title: 'Member In Compliance State' });
    const batch = await callFake(fake, 'POST', `/lists/${LIST}`, { members: [{ email_address: 'held@example.com', status: 'pending' }] });
    expect(batch.body).toMatchObject({ total_created: 0, error_count: 1, errors: [{ email_address: 'held@example.com', error_code: 'ERROR_GENERIC' }] });
    expect(fake.state.audiences.get(LIST)?.members.size).toBe(0);

    const allowed = await callFake(fake, 'PUT', path, { email_address: 'held@example.com', status_if_new: 'transactional' });
    expect(allowed.body).toMatchObject({ status: 'transactional' });
  });
});
