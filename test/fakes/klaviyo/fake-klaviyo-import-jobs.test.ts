import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeKlaviyo, type FakeKlaviyo } from './start-fake-klaviyo.js';
import { callKlaviyo, errorsOf, importBody, listBody } from './klaviyo-test-client.js';

interface JobBody { data: { id: string; type: string; attributes: Record<string, unknown>; relationships: { lists: { data: { id: string }[] } } } }
interface ErrorsPage { data: { type: string; attributes: { code: string; detail: string; source: { pointer: string }; original_payload: unknown } }[] }

describe('fake Klaviyo: profile bulk import jobs', () => {
  let fake: FakeKlaviyo;
  let listId: string;
  beforeEach(async () => {
    fake = await startFakeKlaviyo();
    listId = ((await callKlaviyo(fake.baseUrl, 'POST', '/api/lists', listBody('Champions'))).body as { data: { id: string } }).data.id;
  });
  afterEach(async () => { await fake.close(); });

  const poll = async (id: string) => (await callKlaviyo(fake.baseUrl, 'GET', `/api/profile-bulk-import-jobs/${id}`)).body as JobBody;

  it('answers 202 with a queued job, then moves queued → processing → complete over polls and adds the profiles to the list', async () => {
    const created = await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', importBody(['a@shop.test', 'B@Shop.test'], listId));
    expect(created.status).toBe(202);
    const job = (created.body as JobBody).data;
    expect(job.type).toBe('profile-bulk-import-job');
    expect(job.attributes).toMatchObject({ status: 'queued', total_count: 2, completed_count: 0, failed_count: 0, completed_at: null });
    expect(job.relationships.lists.data).toEqual([{ type: 'list', id: listId }]);
    expect(fake.state.profiles.size).toBe(0);

    expect((await poll(job.id)).data.attributes.status).toBe('processing');
    const done = (await poll(job.id)).data.attributes;
    expect(done).toMatchObject({ status: 'complete', total_count: 2, completed_count: 2, failed_count: 0 });
    expect(done.completed_at).toEqual(expect.any(String));
    expect((await poll(job.id)).data.attributes.status).toBe('complete');

    const emails = [...fake.state.profiles.values()].map((p) => [p.email, p.properties.ss_rfm_group]);
    expect(emails).toEqual([['a@shop.test', 'champions'], ['b@shop.test', 'champions']]);
    expect([...(fake.state.memberships.get(listId) ?? [])]).toEqual([...fake.state.profiles.keys()]);
  });

  it('upserts: importing the same email again updates the profile instead of creating another', async () => {
    for (const group of ['champions', 'at_risk']) {
      const body = importBody(['same@shop.test'], listId);
      body.data.attributes.profiles.data[0]!.attributes.properties.ss_rfm_group = group;
      const id = ((await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', body)).body as JobBody).data.id;
      await poll(id);
      await poll(id);
    }
    expect([...fake.state.profiles.values()].map((p) => p.properties.ss_rfm_group)).toEqual(['at_risk']);
  });

  it('reports invalid emails on the job and its import-errors, importing the rest', async () => {
    const id = ((await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', importBody(['ok@shop.test', 'not-an-email', 'ok2@shop.test'], listId))).body as JobBody).data.id;
    await poll(id);
    expect((await poll(id)).data.attributes).toMatchObject({ status: 'complete', completed_count: 2, failed_count: 1 });
    const errors = await callKlaviyo(fake.baseUrl, 'GET', `/api/profile-bulk-import-jobs/${id}/import-errors`);
    expect(errors.status).toBe(200);
    const page = (errors.body as ErrorsPage).data;
    expect(page).toHaveLength(1);
    expect(page[0]).toMatchObject({ type: 'import-error', attributes: { code: 'invalid', source: { pointer: '/data/attributes/profiles/data/1/attributes/email' } } });
    expect(page[0]?.attributes.original_payload).toMatchObject({ attributes: { email: 'not-an-email' } });
    expect(fake.state.memberships.get(listId)?.size).toBe(2);
  });

  it('rejects the whole job with one 400 per injected bad index, and accepts the rest when resent', async () => {
    fake.inject({ kind: 'bulk-import-400', indexes: [3, 1] });
    const emails = ['p0@s.test', 'p1@s.test', 'p2@s.test', 'p3@s.test'];
    const rejected = await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', importBody(emails, listId));
    expect(rejected.status).toBe(400);
    expect(errorsOf(rejected).map((e) => e.source?.pointer)).toEqual([
      '/data/attributes/profiles/data/1/attributes/email', '/data/attributes/profiles/data/3/attributes/email',
    ]);
    expect(fake.state.jobs.size).toBe(0);
    const retried = await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', importBody(['p0@s.test', 'p2@s.test'], listId));
    expect(retried.status).toBe(202);
  });

  it('rejects more than 10,000 profiles, more than 5 MB, an unknown list and a body the spec rejects', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => `p${i}@s.test`);
    const tooMany = await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', importBody(many));
    expect(tooMany.status).toBe(400);
    expect(errorsOf(tooMany)[0]?.detail).toContain('10000');
    const exactly = await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', importBody(many.slice(0, 10_000)));
    expect(exactly.status).toBe(202);

    const big = importBody(['big@s.test']);
    big.data.attributes.profiles.data[0]!.attributes.properties.ss_rfm_group = 'x'.repeat(5 * 1024 * 1024);
    const tooBig = await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', big);
    expect(tooBig.status).toBe(400);
    expect(errorsOf(tooBig)[0]?.detail).toContain('5 MB');

    const unknownList = await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', importBody(['a@s.test'], 'NOPE00'));
    expect(unknownList.status).toBe(400);
    const noProfiles = await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', { data: { type: 'profile-bulk-import-job', attributes: {} } });
    expect(errorsOf(noProfiles).map((e) => e.source?.pointer)).toEqual(['/data/attributes/profiles']);
    expect(fake.state.jobs.size).toBe(1);
  });

  it('rejects a job holding a profile over 100 KB, pointing at that profile', async () => {
    const body = importBody(['small@s.test', 'large@s.test']);
    body.data.attributes.profiles.data[1]!.attributes.properties.ss_rfm_group = 'x'.repeat(100 * 1024);
    const result = await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', body);
    expect(result.status).toBe(400);
    expect(errorsOf(result).map((e) => [e.detail, e.source?.pointer])).toEqual([['Profile exceeds 100 KB.', '/data/attributes/profiles/data/1/attributes/email']]);
    expect(fake.state.jobs.size).toBe(0);
  });

  it('answers 404 not_found for an unknown job and its errors', async () => {
    expect((await callKlaviyo(fake.baseUrl, 'GET', '/api/profile-bulk-import-jobs/01JUNKNOWN')).status).toBe(404);
    expect((await callKlaviyo(fake.baseUrl, 'GET', '/api/profile-bulk-import-jobs/01JUNKNOWN/import-errors')).status).toBe(404);
  });
});
