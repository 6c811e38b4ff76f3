import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeKlaviyo, type FakeKlaviyo } from './start-fake-klaviyo.js';
import { callKlaviyo, errorsOf, eventBody, importBody, listBody } from './klaviyo-test-client.js';

interface Resource { id: string; type: string; attributes: Record<string, unknown> }
const dataOf = (body: unknown) => (body as { data: Resource[] }).data;

describe('fake Klaviyo: lists, profile look-up, list removal and events', () => {
  let fake: FakeKlaviyo;
  beforeEach(async () => { fake = await startFakeKlaviyo(); });
  afterEach(async () => { await fake.close(); });

  const importInto = async (listId: string, emails: string[]) => {
    const id = ((await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', importBody(emails, listId))).body as { data: Resource }).data.id;
    await callKlaviyo(fake.baseUrl, 'GET', `/api/profile-bulk-import-jobs/${id}`);
    await callKlaviyo(fake.baseUrl, 'GET', `/api/profile-bulk-import-jobs/${id}`);
  };

  it('creates lists (201, JSON:API resource) and finds them with equals/any name filters', async () => {
    const created = await callKlaviyo(fake.baseUrl, 'POST', '/api/lists', { data: { type: 'list', attributes: { name: 'RFM: Champions', opt_in_process: 'single_opt_in' } } });
    expect(created.status).toBe(201);
    const list = (created.body as { data: Resource }).data;
    expect(list).toMatchObject({ type: 'list', attributes: { name: 'RFM: Champions', opt_in_process: 'single_opt_in' } });
    await callKlaviyo(fake.baseUrl, 'POST', '/api/lists', listBody('Other'));

    const found = await callKlaviyo(fake.baseUrl, 'GET', `/api/lists?filter=${encodeURIComponent('equals(name,"RFM: Champions")')}`);
    expect(found.status).toBe(200);
    expect(dataOf(found.body).map((l) => l.id)).toEqual([list.id]);
    const any = await callKlaviyo(fake.baseUrl, 'GET', `/api/lists?filter=${encodeURIComponent('any(name,["Other","Nope"])')}`);
    expect(dataOf(any.body).map((l) => l.attributes.name)).toEqual(['Other']);
    expect((await callKlaviyo(fake.baseUrl, 'GET', '/api/lists?filter=equals(nme,"x")')).status).toBe(400);
    expect((await callKlaviyo(fake.baseUrl, 'GET', '/api/lists?page[size]=11')).status).toBe(400);
  });

  it('looks profiles up by email and removes them from a list with DELETE relationships (204), leaving the others', async () => {
    const listId = ((await callKlaviyo(fake.baseUrl, 'POST', '/api/lists', listBody('Seg'))).body as { data: Resource }).data.id;
    await importInto(listId, ['a@s.test', 'b@s.test', 'c@s.test']);

    const one = await callKlaviyo(fake.baseUrl, 'GET', `/api/profiles?filter=${encodeURIComponent('equals(email,"B@s.test")')}`);
    expect(dataOf(one.body).map((p) => p.attributes.email)).toEqual(['b@s.test']);
    const two = await callKlaviyo(fake.baseUrl, 'GET', `/api/profiles?filter=${encodeURIComponent('any(email,["a@s.test","c@s.test","zz@s.test"])')}`);
    const ids = dataOf(two.body).map((p) => p.id);
    expect(ids).toHaveLength(2);

    const removed = await callKlaviyo(fake.baseUrl, 'DELETE', `/api/lists/${listId}/relationships/profiles`, { data: ids.map((id) => ({ type: 'profile', id })) });
    expect(removed.status).toBe(204);
    expect(removed.body).toBeUndefined();
    expect([...(fake.state.memberships.get(listId) ?? [])]).toEqual([dataOf(one.body)[0]!.id]);
    expect(fake.state.profiles.size).toBe(3); // removal from a list keeps the profile (and its consent)

    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ type: 'profile', id: `id${i}` }));
    expect((await callKlaviyo(fake.baseUrl, 'DELETE', `/api/lists/${listId}/relationships/profiles`, { data: tooMany })).status).toBe(400);
    expect((await callKlaviyo(fake.baseUrl, 'DELETE', '/api/lists/NOPE00/relationships/profiles', { data: [] })).status).toBe(404);
    const noType = await callKlaviyo(fake.baseUrl, 'DELETE', `/api/lists/${listId}/relationships/profiles`, { data: [{ id: 'x' }] });
    expect(errorsOf(noType).map((e) => e.source?.pointer)).toEqual(['/data/0/type']);
  });

  it('records an event (202, no body) once per unique_id, profile and metric, however often it is retried', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const result = await callKlaviyo(fake.baseUrl, 'POST', '/api/events', eventBody('flow@s.test', 'seg_1:cust_9:2026-11-29'));
      expect(result.status).toBe(202);
      expect(result.body).toBeUndefined();
    }
    await callKlaviyo(fake.baseUrl, 'POST', '/api/events', eventBody('flow@s.test', 'seg_1:cust_9:2026-11-30'));
    await callKlaviyo(fake.baseUrl, 'POST', '/api/events', eventBody('other@s.test', 'seg_1:cust_9:2026-11-29'));
    expect(fake.state.events.map((e) => [e.metric, e.uniqueId])).toEqual([
      ['Entered Segment', 'seg_1:cust_9:2026-11-29'], ['Entered Segment', 'seg_1:cust_9:2026-11-30'], ['Entered Segment', 'seg_1:cust_9:2026-11-29'],
    ]);
    expect([...fake.state.profiles.values()].map((p) => p.email)).toEqual(['flow@s.test', 'other@s.test']);
  });

  it('without unique_id dedupes on the timestamp second', async () => {
    await callKlaviyo(fake.baseUrl, 'POST', '/api/events', eventBody('t@s.test', undefined, '2026-11-01T10:00:00.100Z'));
    await callKlaviyo(fake.baseUrl, 'POST', '/api/events', eventBody('t@s.test', undefined, '2026-11-01T10:00:00.900Z'));
    await callKlaviyo(fake.baseUrl, 'POST', '/api/events', eventBody('t@s.test', undefined, '2026-11-01T10:00:01.000Z'));
    expect(fake.state.events.map((e) => e.time)).toEqual(['2026-11-01T10:00:00.000Z', '2026-11-01T10:00:01.000Z']);
  });

  it('rejects events the spec rejects (no properties, no metric) and events with no profile identifier', async () => {
    const body = eventBody('x@s.test');
    const { properties: _p, metric: _m, ...rest } = body.data.attributes;
    const bad = await callKlaviyo(fake.baseUrl, 'POST', '/api/events', { data: { type: 'event', attributes: rest } });
    expect(bad.status).toBe(400);
    expect(errorsOf(bad).map((e) => e.source?.pointer).sort()).toEqual(['/data/attributes/metric', '/data/attributes/properties']);
    const anonymous = eventBody('x@s.test');
    anonymous.data.attributes.profile.data.attributes = {} as { email: string };
    expect((await callKlaviyo(fake.baseUrl, 'POST', '/api/events', anonymous)).status).toBe(400);
    expect(fake.state.events).toEqual([]);
  });
});
