import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeKlaviyo, type FakeKlaviyo } from './start-fake-klaviyo.js';
import { callKlaviyo, errorsOf, eventBody, KEY, listBody } from './klaviyo-test-client.js';

describe('fake Klaviyo: rate-limit tiers and injected faults', () => {
  let fake: FakeKlaviyo;
  let clock = 0;
  beforeEach(async () => {
    clock = Date.UTC(2026, 10, 29, 1, 0, 0, 500);
    fake = await startFakeKlaviyo({ apiKeys: [KEY, 'pk_second'], now: () => clock, tiers: { M: { burstPerSecond: 2, steadyPerMinute: 3 } } });
  });
  afterEach(async () => { await fake.close(); });

  const createList = (name: string, key = KEY) => callKlaviyo(fake.baseUrl, 'POST', '/api/lists', listBody(name), { authorization: `Klaviyo-API-Key ${key}` });

  it('enforces the burst (per second) and steady (per minute) windows with 429 + Retry-After and no RateLimit-* headers', async () => {
    const first = await createList('a');
    expect(first.status).toBe(201);
    expect([first.headers.get('RateLimit-Limit'), first.headers.get('RateLimit-Remaining'), first.headers.get('RateLimit-Reset')]).toEqual(['3', '2', '60']);
    expect((await createList('b')).status).toBe(201);

    const burst = await createList('c');
    expect(burst.status).toBe(429);
    expect(burst.headers.get('Retry-After')).toBe('1');
    expect(burst.headers.get('RateLimit-Remaining')).toBeNull();
    expect(errorsOf(burst)[0]).toMatchObject({ status: 429, code: 'throttled', detail: 'Request was throttled. Expected available in 1 second.' });

    clock += 1000;
    expect((await createList('c')).status).toBe(201);
    clock += 1000;
    const steady = await createList('d');
    expect(steady.status).toBe(429);
    expect(steady.headers.get('Retry-After')).toBe('58');
    expect([...fake.state.lists.values()].map((l) => l.name)).toEqual(['a', 'b', 'c']);

    // Other tiers and other accounts keep their own budgets; a new minute resets the steady window.
    expect((await callKlaviyo(fake.baseUrl, 'GET', '/api/lists')).status).toBe(200);
    expect((await createList('e', 'pk_second')).status).toBe(201);
    clock += 58_000;
    expect((await createList('f')).status).toBe(201);
  });

  it('uses the documented default tier for profile look-ups: 75 per second, then 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 76; i += 1) statuses.push((await callKlaviyo(fake.baseUrl, 'GET', '/api/profiles')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(75);
    expect(statuses.at(-1)).toBe(429);
  });

  it('answers the next N matching requests with an injected 429 (Retry-After) or 500, then serves normally', async () => {
    fake.inject({ kind: 'status', path: '/api/events', method: 'POST', status: 429, times: 2, retryAfterSeconds: 7 });
    fake.inject({ kind: 'status', path: /^\/api\/profile-bulk-import-jobs\//, status: 500 });
    const results = [];
    for (let i = 0; i < 3; i += 1) results.push(await callKlaviyo(fake.baseUrl, 'POST', '/api/events', eventBody('r@s.test', 'u1')));
    expect(results.map((r) => [r.status, r.headers.get('Retry-After')])).toEqual([[429, '7'], [429, '7'], [202, null]]);
    expect(fake.state.events).toHaveLength(1);

    const failed = await callKlaviyo(fake.baseUrl, 'GET', '/api/profile-bulk-import-jobs/01JX');
    expect(failed.status).toBe(500);
    expect(errorsOf(failed)[0]?.code).toBe('error');
    expect((await callKlaviyo(fake.baseUrl, 'GET', '/api/profile-bulk-import-jobs/01JX')).status).toBe(404);
  });

  it('leaves an injected timeout unanswered so the client times out, and answers the retry', async () => {
    fake.inject({ kind: 'timeout', path: '/api/lists', method: 'POST' });
    await expect(fetch(`${fake.baseUrl}/api/lists`, {
      method: 'POST',
      headers: { authorization: `Klaviyo-API-Key ${KEY}`, revision: '2026-07-15', 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify(listBody('slow')),
      signal: AbortSignal.timeout(200),
    })).rejects.toThrow();
    expect((await createList('slow')).status).toBe(201);
    expect(fake.state.requests.map((r) => [r.method, r.path, r.status])).toEqual([['POST', '/api/lists', 0], ['POST', '/api/lists', 201]]);
    expect([...fake.state.lists.values()].map((l) => l.name)).toEqual(['slow']);
  });
});
