import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeKlaviyo, type FakeKlaviyo } from './start-fake-klaviyo.js';
import { callKlaviyo, errorsOf, listBody, REVISION } from './klaviyo-test-client.js';
import { responseSchema, validateAgainstSpec } from './validate-against-spec.js';

describe('fake Klaviyo: auth, revision, media type and spec validation', () => {
  let fake: FakeKlaviyo;
  beforeAll(async () => { fake = await startFakeKlaviyo({ wrongScopeKeys: ['pk_read_only'] }); });
  afterAll(async () => { await fake.close(); });

  const expectClientError = (body: unknown) => expect(validateAgainstSpec(responseSchema('ClientError'), body)).toEqual([]);

  it('answers 401 not_authenticated without a Klaviyo-API-Key header, with a bearer token, or with an unknown key', async () => {
    for (const authorization of ['', 'Bearer pk_test', 'Klaviyo-API-Key pk_other']) {
      const result = await callKlaviyo(fake.baseUrl, 'GET', '/api/lists', undefined, { authorization });
      expect(result.status).toBe(401);
      expect(result.headers.get('content-type')).toBe('application/vnd.api+json');
      expect(errorsOf(result)).toEqual([expect.objectContaining({ status: 401, code: 'not_authenticated', title: 'Authentication credentials were not provided.' })]);
      expectClientError(result.body);
    }
  });

  it('answers 403 permission_denied for a key without the scopes, and changes nothing', async () => {
    const result = await callKlaviyo(fake.baseUrl, 'POST', '/api/lists', listBody('Champions'), { authorization: 'Klaviyo-API-Key pk_read_only' });
    expect(result.status).toBe(403);
    expect(errorsOf(result)[0]?.code).toBe('permission_denied');
    expectClientError(result.body);
    expect(fake.state.lists.size).toBe(0);
  });

  it('answers 400 when the revision header is missing or malformed, and accepts a .pre suffix', async () => {
    for (const revision of ['', 'latest']) {
      const result = await callKlaviyo(fake.baseUrl, 'GET', '/api/lists', undefined, { revision });
      expect(result.status).toBe(400);
      expect(errorsOf(result)[0]).toMatchObject({ code: 'invalid', source: { parameter: 'revision' } });
      expectClientError(result.body);
    }
    expect((await callKlaviyo(fake.baseUrl, 'GET', '/api/lists', undefined, { revision: `${REVISION}.pre` })).status).toBe(200);
  });

  it('accepts application/json as real clients send it, and answers 415 for other media types', async () => {
    expect((await callKlaviyo(fake.baseUrl, 'POST', '/api/lists', listBody('Json'), { 'content-type': 'application/json' })).status).toBe(201);
    const result = await callKlaviyo(fake.baseUrl, 'POST', '/api/lists', listBody('Text'), { 'content-type': 'text/plain' });
    expect(result.status).toBe(415);
    expect([...fake.state.lists.values()].map((l) => l.name)).toEqual(['Json']);
  });

  it('rejects bodies the spec rejects, with one pointer per violation, and stores nothing', async () => {
    const before = fake.state.lists.size;
    const missing = await callKlaviyo(fake.baseUrl, 'POST', '/api/lists', { data: { type: 'list', attributes: {} } });
    expect(missing.status).toBe(400);
    expect(errorsOf(missing).map((e) => [e.code, e.source?.pointer])).toEqual([['invalid', '/data/attributes/name']]);
    expectClientError(missing.body);
    const wrong = await callKlaviyo(fake.baseUrl, 'POST', '/api/lists', { data: { type: 'segment', attributes: { name: 7, opt_in_process: 'triple' } } });
    expect(wrong.status).toBe(400);
    expect(errorsOf(wrong).map((e) => e.source?.pointer).sort()).toEqual(['/data/attributes/name', '/data/attributes/opt_in_process', '/data/type']);
    const notJson = await callKlaviyo(fake.baseUrl, 'POST', '/api/lists', '{"data":');
    expect(notJson.status).toBe(400);
    expect(fake.state.lists.size).toBe(before);
  });

  it('answers 404 with Klaviyo error body for paths it does not serve', async () => {
    const result = await callKlaviyo(fake.baseUrl, 'GET', '/api/nothing-here');
    expect(result.status).toBe(404);
    expect(errorsOf(result)[0]?.code).toBe('not_found');
  });
});
