import { describe, expect, it } from 'vitest';
import { requestSchema, validateAgainstSpec } from './validate-against-spec.js';
import { callKlaviyo, eventBody, importBody } from './klaviyo-test-client.js';
import { startFakeKlaviyo } from './start-fake-klaviyo.js';

describe('request bodies checked against Klaviyo\'s official OpenAPI spec', () => {
  const importSchema = requestSchema('/api/profile-bulk-import-jobs', 'post');

  it('accepts the full profile shape the spec allows: null id, location, custom properties, patch meta', () => {
    const body = importBody(['full@s.test'], 'L00001');
    Object.assign(body.data.attributes.profiles.data[0]!, {
      id: null,
      attributes: {
        email: 'full@s.test', phone_number: null, first_name: 'Ada', location: { city: 'Paris', latitude: 48.85 },
        properties: { ss_segments: ['champions'], ss_abandoned_checkout_url: 'https://shop.test/c/1' },
      },
      meta: { patch_properties: { append: { ss_segments: 'vip' } } },
    });
    expect(validateAgainstSpec(importSchema, body)).toEqual([]);
    expect(validateAgainstSpec(requestSchema('/api/events', 'post'), eventBody('e@s.test', 'u', '2026-11-29T00:00:00Z'))).toEqual([]);
  });

  it('names every violation by JSON pointer: wrong types, enums and missing required fields, inside arrays', () => {
    const body = importBody(['a@s.test', 'b@s.test']) as { data: Record<string, unknown> };
    const profiles = ((body.data.attributes as Record<string, unknown>).profiles as { data: Record<string, unknown>[] }).data;
    profiles[1] = { type: 'profiles', attributes: { email: 42 } };
    expect(validateAgainstSpec(importSchema, body)).toEqual([
      { pointer: '/data/attributes/profiles/data/1/type', detail: expect.stringContaining('not a valid choice') },
      { pointer: '/data/attributes/profiles/data/1/attributes/email', detail: 'Expected a value of type string.' },
    ]);
    expect(validateAgainstSpec(importSchema, { data: null })).toEqual([{ pointer: '/data', detail: 'This field may not be null.' }]);
    expect(validateAgainstSpec(importSchema, [])).toEqual([{ pointer: '', detail: 'Expected a value of type object.' }]);
  });

  it('throws for an operation the spec has no request body for, so a typo cannot silently accept anything', () => {
    expect(() => requestSchema('/api/lists', 'get')).toThrow(/no request body/);
  });

  it('finishJobs completes unfinished jobs without polling', async () => {
    const fake = await startFakeKlaviyo();
    try {
      await callKlaviyo(fake.baseUrl, 'POST', '/api/profile-bulk-import-jobs', importBody(['f@s.test', 'bad']));
      fake.finishJobs();
      expect([...fake.state.jobs.values()].map((j) => [j.status, j.completedCount, j.failedCount])).toEqual([['complete', 1, 1]]);
      expect([...fake.state.profiles.values()].map((p) => p.email)).toEqual(['f@s.test']);
    } finally {
      await fake.close();
    }
  });
});
