import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeKlaviyo, type FakeKlaviyo } from './start-fake-klaviyo.js';
import { callKlaviyo, errorsOf, importBody, listBody } from './klaviyo-test-client.js';
import { requestSchema, validateAgainstSpec } from './validate-against-spec.js';

interface Resource { id: string; attributes: Record<string, unknown> }
const dataOf = (body: unknown) => (body as { data: Resource[] }).data;

const bulkEvents = (entries: { email?: string; id?: string; uniqueId: string; time?: string }[]) => ({
  data: {
    type: 'event-bulk-create-job',
    attributes: {
      'events-bulk-create': {
        data: entries.map((e) => ({
          type: 'event-bulk-create',
          attributes: {
            profile: { data: { type: 'profile', ...(e.id && { id: e.id }), attributes: e.email ? { email: e.email } : {} } },
            events: { data: [{ type: 'event', attributes: { properties: { segment_id: 1 }, metric: { data: { type: 'metric', attributes: { name: 'Entered Segment' } } }, unique_id: e.uniqueId, ...(e.time && { time: e.time }) } }] },
          },
        })),
      },
    },
  },
});

const subscribe = (profiles: { email: string; consentedAt?: string }[], historical: boolean, listId?: string) => ({
  data: {
    type: 'profile-subscription-bulk-create-job',
    attributes: {
      historical_import: historical,
      profiles: {
        data: profiles.map((p) => ({
          type: 'profile',
          attributes: { email: p.email, subscriptions: { email: { marketing: { consent: 'SUBSCRIBED', ...(p.consentedAt && { consented_at: p.consentedAt }) } } } },
        })),
      },
    },
    ...(listId && { relationships: { list: { data: { type: 'list', id: listId } } } }),
  },
});

const marketingOf = async (fake: FakeKlaviyo, email: string) => {
  const found = await callKlaviyo(fake.baseUrl, 'GET', `/api/profiles?filter=${encodeURIComponent(`equals(email,"${email}")`)}&additional-fields[profile]=subscriptions`);
  expect(found.status).toBe(200);
  return (dataOf(found.body)[0]?.attributes.subscriptions as { email: { marketing: Record<string, unknown> } } | undefined)?.email.marketing;
};

describe('fake Klaviyo: bulk events, subscribe jobs, bounces and refused addresses', () => {
  let fake: FakeKlaviyo;
  beforeEach(async () => { fake = await startFakeKlaviyo(); });
  afterEach(async () => { await fake.close(); });

  it('bulk-creates events (202, no body), upserting profiles and keeping one event per unique_id', async () => {
    const body = bulkEvents([{ email: 'a@s.test', uniqueId: 'u-a' }, { email: 'b@s.test', uniqueId: 'u-b' }]);
    expect(validateAgainstSpec(requestSchema('/api/event-bulk-create-jobs', 'post'), body)).toEqual([]);
    const first = await callKlaviyo(fake.baseUrl, 'POST', '/api/event-bulk-create-jobs', body);
    expect([first.status, first.body]).toEqual([202, undefined]);
    const again = await callKlaviyo(fake.baseUrl, 'POST', '/api/event-bulk-create-jobs', body);
    expect(again.status).toBe(202);
    expect(fake.state.events.map((e) => [fake.state.profiles.get(e.profileId)?.email, e.metric, e.uniqueId])).toEqual([
      ['a@s.test', 'Entered Segment', 'u-a'], ['b@s.test', 'Entered Segment', 'u-b'],
    ]);
    const id = [...fake.state.profiles.values()][0]!.id;
    expect((await callKlaviyo(fake.baseUrl, 'POST', '/api/event-bulk-create-jobs', bulkEvents([{ id, uniqueId: 'by-id' }]))).status).toBe(202);
    expect(fake.state.events.at(-1)).toMatchObject({ profileId: id, uniqueId: 'by-id' });
  });

  it('refuses a whole bulk request with one error per bad entry by index, the spec\'s shape, and more than 1,000 events', async () => {
    const refused = await callKlaviyo(fake.baseUrl, 'POST', '/api/event-bulk-create-jobs', bulkEvents([
      { email: 'ok@s.test', uniqueId: '1' }, { uniqueId: '2' }, { email: 'late@s.test', uniqueId: '3', time: '2100-01-01T00:00:00Z' },
    ]));
    expect(refused.status).toBe(400);
    expect(errorsOf(refused).map((e) => e.source?.pointer)).toEqual([
      '/data/attributes/events-bulk-create/data/1/profile/data/attributes',
      '/data/attributes/events-bulk-create/data/2/events/data/0/attributes/time',
    ]);
    expect(fake.state.events).toHaveLength(0);
    const wrongType = await callKlaviyo(fake.baseUrl, 'POST', '/api/event-bulk-create-jobs', { data: { type: 'event-bulk-create-job', attributes: { 'events-bulk-create': { data: [{ type: 'event' }] } } } });
    expect(errorsOf(wrongType).map((e) => e.source?.pointer)).toEqual([
      '/data/attributes/events-bulk-create/data/0/attributes', '/data/attributes/events-bulk-create/data/0/type',
    ]);
    const many = Array.from({ length: 1001 }, (_, i) => ({ email: `p${i}@s.test`, uniqueId: String(i) }));
    const tooMany = await callKlaviyo(fake.baseUrl, 'POST', '/api/event-bulk-create-jobs', bulkEvents(many));
    expect([tooMany.status, errorsOf(tooMany)[0]?.detail]).toEqual([400, 'At most 1000 events may be sent per request.']);
  });

  it('subscribes a historical import at once with its consented_at, and lifts an unsubscribe but never a bounce', async () => {
    fake.bounce('gone@s.test', 'UNSUBSCRIBE');
    fake.bounce('bounced@s.test');
    const body = subscribe([{ email: 'new@s.test', consentedAt: '2026-01-02T03:04:05Z' }, { email: 'gone@s.test', consentedAt: '2026-01-01T00:00:00Z' }, { email: 'bounced@s.test', consentedAt: '2026-01-01T00:00:00Z' }], true);
    expect(validateAgainstSpec(requestSchema('/api/profile-subscription-bulk-create-jobs', 'post'), body)).toEqual([]);
    const answer = await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-subscription-bulk-create-jobs', body);
    expect([answer.status, answer.body]).toEqual([202, undefined]);
    expect(await marketingOf(fake, 'new@s.test')).toMatchObject({ consent: 'SUBSCRIBED', consent_timestamp: '2026-01-02T03:04:05Z', can_receive_email_marketing: true, suppression: [] });
    expect(await marketingOf(fake, 'gone@s.test')).toMatchObject({ consent: 'SUBSCRIBED', suppression: [] });
    expect(await marketingOf(fake, 'bounced@s.test')).toMatchObject({ can_receive_email_marketing: false, suppression: [{ reason: 'HARD_BOUNCE', timestamp: expect.any(String) }] });
    expect(fake.state.subscriptionJobs).toEqual([{ historicalImport: true, customSource: null, listId: null, emails: ['new@s.test', 'gone@s.test', 'bounced@s.test'] }]);
  });

  it('leaves consent pending under double opt-in, subscribes into a single opt-in list, and checks consented_at and the 1,000 cap', async () => {
    expect((await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-subscription-bulk-create-jobs', subscribe([{ email: 'dbl@s.test' }], false))).status).toBe(202);
    expect(await marketingOf(fake, 'dbl@s.test')).toMatchObject({ consent: 'NEVER_SUBSCRIBED' });
    const single = await callKlaviyo(fake.baseUrl, 'POST', '/api/lists', { data: { type: 'list', attributes: { name: 'Single', opt_in_process: 'single_opt_in' } } });
    const id = (single.body as { data: Resource }).data.id;
    expect((await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-subscription-bulk-create-jobs', subscribe([{ email: 'single@s.test' }], false, id))).status).toBe(202);
    expect(await marketingOf(fake, 'single@s.test')).toMatchObject({ consent: 'SUBSCRIBED' });
    expect(fake.state.memberships.get(id)?.size).toBe(1);

    const notHistorical = await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-subscription-bulk-create-jobs', subscribe([{ email: 'x@s.test', consentedAt: '2026-01-01T00:00:00Z' }], false));
    const missing = await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-subscription-bulk-create-jobs', subscribe([{ email: 'x@s.test' }], true));
    const future = await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-subscription-bulk-create-jobs', subscribe([{ email: 'x@s.test', consentedAt: '2100-01-01T00:00:00Z' }], true));
    for (const refused of [notHistorical, missing, future]) {
      expect([refused.status, errorsOf(refused)[0]?.source?.pointer]).toEqual([400, '/data/attributes/profiles/data/0/attributes/subscriptions/email/marketing/consented_at']);
    }
    const many = Array.from({ length: 1001 }, (_, i) => ({ email: `p${i}@s.test` }));
    expect((await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-subscription-bulk-create-jobs', subscribe(many, false))).status).toBe(400);
    expect(fake.state.profiles.has('x')).toBe(false);
    expect([...fake.state.profiles.values()].map((p) => p.email)).toEqual(['dbl@s.test', 'single@s.test']);
  });

  it('reports subscriptions only when asked for, and refuses an unknown additional field', async () => {
    fake.bounce('b@s.test');
    const plain = await callKlaviyo(fake.baseUrl, 'GET', '/api/profiles');
    expect(dataOf(plain.body)[0]?.attributes).not.toHaveProperty('subscriptions');
    expect(await marketingOf(fake, 'b@s.test')).toMatchObject({ consent: 'NEVER_SUBSCRIBED', suppression: [{ reason: 'HARD_BOUNCE' }] });
    const bad = await callKlaviyo(fake.baseUrl, 'GET', '/api/profiles?additional-fields[profile]=nope');
    expect([bad.status, errorsOf(bad)[0]?.source?.parameter]).toEqual([400, 'additional-fields[profile]']);
  });

  it('refuses a refused address in every later bulk import with a per-index 400 on its email', async () => {
    const listId = ((await callKlaviyo(fake.baseUrl, 'POST', '/api/lists', listBody('Seg'))).body as { data: Resource }).data.id;
    fake.refuseEmail('Bad@S.test');
    for (let round = 0; round < 2; round += 1) {
      const refused = await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', importBody(['ok@s.test', 'bad@s.test'], listId));
      expect(refused.status).toBe(400);
      expect(errorsOf(refused).map((e) => [e.detail, e.source?.pointer])).toEqual([['Invalid email address.', '/data/attributes/profiles/data/1/attributes/email']]);
    }
    expect((await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', importBody(['ok@s.test'], listId))).status).toBe(202);
  });
});
