import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DestinationError } from '../../../server/destinations/destination-error.js';
import { redact } from '../../../server/destinations/klaviyo/klaviyo-error-body.js';
import { API_KEY, listEmails, member, startKlaviyoClientFixture, target } from './klaviyo-client-fixture.js';

type Fixture = Awaited<ReturnType<typeof startKlaviyoClientFixture>>;

async function caught(promise: Promise<unknown>): Promise<DestinationError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DestinationError) return err;
    throw err;
  }
  throw new Error('expected a DestinationError');
}
const summary = (e: DestinationError) => ({ status: e.status, code: e.code, retryAfterMs: e.retryAfterMs });

describe('Klaviyo client: throttling, outages, timeouts, credentials and bad answers', () => {
  let f: Fixture;
  beforeEach(async () => { f = await startKlaviyoClientFixture({ timeoutMs: 300 }); });
  afterEach(async () => { await f.fake.close(); });

  it('waits out a 429 for its Retry-After (on the test clock) and carries on', async () => {
    const listId = await f.client.ensureTarget(target());
    f.fake.inject({ kind: 'status', path: '/api/profile-bulk-import-jobs', method: 'POST', status: 429, times: 2, retryAfterSeconds: 7 });
    f.fake.inject({ kind: 'status', path: /^\/api\/profile-bulk-import-jobs\//, status: 429, retryAfterSeconds: 1 });
    const outcomes = await f.client.apply(target(listId), [{ op: 'add', member: member(1) }]);
    expect(outcomes).toEqual([{ result: 'ok', remoteId: null }]);
    expect(f.sleeps.filter((ms) => ms === 7000)).toHaveLength(2);
    expect(f.fake.state.requests.filter((r) => r.path === '/api/profile-bulk-import-jobs').map((r) => r.status)).toEqual([429, 429, 202]);
    expect(listEmails(f.fake, listId)).toEqual(['shopper1@shop.test']);
  });

  it('gives up after a few 429s, or at once on a long Retry-After, with DestinationError(429) carrying the wait', async () => {
    f.fake.inject({ kind: 'status', path: '/api/lists', status: 429, times: 4, retryAfterSeconds: 2 });
    expect(summary(await caught(f.client.verify()))).toEqual({ status: 429, code: 'throttled', retryAfterMs: 2000 });
    expect(f.sleeps).toEqual([2000, 2000, 2000]);
    f.fake.inject({ kind: 'status', path: '/api/lists', status: 429, retryAfterSeconds: 120 });
    expect(summary(await caught(f.client.verify()))).toEqual({ status: 429, code: 'throttled', retryAfterMs: 120_000 });
    expect(f.sleeps).toHaveLength(3);
  });

  it('turns a 5xx into DestinationError with its status, also in the middle of polling a job', async () => {
    f.fake.inject({ kind: 'status', path: '/api/lists', method: 'POST', status: 500 });
    const created = await caught(f.client.ensureTarget(target()));
    expect(summary(created)).toEqual({ status: 500, code: 'error', retryAfterMs: null });
    expect(created.message).toBe('Klaviyo answered 500 to POST /api/lists: A server error occurred.');
    const listId = await f.client.ensureTarget(target());
    f.fake.inject({ kind: 'status', path: /^\/api\/profile-bulk-import-jobs\//, status: 503 });
    expect(summary(await caught(f.client.apply(target(listId), [{ op: 'add', member: member(1) }])))).toEqual({ status: 503, code: 'error', retryAfterMs: null });
  });

  it('maps a request left unanswered to DestinationError(0, timeout) and a refused connection to (0, network_error)', async () => {
    f.fake.inject({ kind: 'timeout', path: '/api/lists' });
    const timedOut = await caught(f.client.verify());
    expect(summary(timedOut)).toEqual({ status: 0, code: 'timeout', retryAfterMs: null });
    await f.client.verify();

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = f.makeClient({ baseUrl: `http://127.0.0.1:${port}` });
    expect(summary(await caught(unreachable.verify()))).toEqual({ status: 0, code: 'network_error', retryAfterMs: null });
  });

  it('answers a wrong key with DestinationError(401) and a key without scopes with (403)', async () => {
    expect(summary(await caught(f.makeClient({ apiKey: 'pk_wrong' }).verify()))).toEqual({ status: 401, code: 'not_authenticated', retryAfterMs: null });
    expect(summary(await caught(f.makeClient({ apiKey: 'pk_no_scopes' }).apply(target('L00001'), [{ op: 'add', member: member(1) }])))).toEqual({ status: 403, code: 'permission_denied', retryAfterMs: null });
    expect(f.fake.state.requests.map((r) => r.status)).toEqual([401, 403]);
  });

  it('gives up on a job that does not complete in time with DestinationError(504, job_timeout)', async () => {
    const slow = f.makeClient({ polling: { firstPollMs: 1000, maxJobWaitMs: 1000 } });
    const listId = await slow.ensureTarget(target());
    expect(summary(await caught(slow.apply(target(listId), [{ op: 'add', member: member(1) }])))).toEqual({ status: 504, code: 'job_timeout', retryAfterMs: null });
  });

  describe('answers that are not Klaviyo\'s', () => {
    let server: Server;
    let reply = '';
    beforeEach(async () => {
      server = createServer((req, res) => { req.resume(); res.writeHead(200, { 'content-type': 'application/vnd.api+json' }).end(reply); });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterEach(async () => { await new Promise<void>((resolve) => server.close(() => resolve())); });

    it('turns a body that is not JSON, or not the expected shape, into DestinationError(502, bad_response)', async () => {
      const client = f.makeClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: API_KEY });
      reply = '<html>gateway</html>';
      expect(summary(await caught(client.ensureTarget(target())))).toEqual({ status: 502, code: 'bad_response', retryAfterMs: null });
      reply = JSON.stringify({ data: [{ id: 5 }] });
      expect(summary(await caught(client.ensureTarget(target())))).toEqual({ status: 502, code: 'bad_response', retryAfterMs: null });
    });
  });

  it('redacts addresses from remote texts', () => {
    expect(redact("Invalid email address: 'jane.doe+x@example.com'.")).toBe("Invalid email address: '[email]'.");
  });
});
