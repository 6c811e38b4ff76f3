import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncOperation } from '../../../server/destinations/destination-client.js';
import { DestinationError } from '../../../server/destinations/destination-error.js';
import { createFetchHttpClient, type HttpClient } from '../../../server/destinations/http/http-client.js';
import { listEmails, member, startKlaviyoClientFixture, target, throttledCount } from './klaviyo-client-fixture.js';

type Fixture = Awaited<ReturnType<typeof startKlaviyoClientFixture>>;

const IMPORT_JOBS = '/api/profile-bulk-import-jobs';
const enterId = (id: number) => `ss:7:${id}:${member(id).enteredAt}:enter`;

/**
 * Real HTTP, with the answer to the first import holding `email` kept back until `release` says so:
 * that group then finishes after the groups behind it.
 */
function holdingImportOf(email: string, release: (log: string[]) => boolean): { http: HttpClient; log: string[]; forced: () => boolean } {
  const real = createFetchHttpClient({ timeoutMs: 5000 });
  const log: string[] = [];
  let held = false;
  let forced = false;
  return {
    log,
    forced: () => forced,
    http: {
      async send(request) {
        const res = await real.send(request);
        const path = new URL(request.url).pathname;
        const holdThis = !held && request.method === 'POST' && path === IMPORT_JOBS && request.body?.includes(email) === true && res.status === 202;
        if (holdThis) {
          held = true;
          const since = Date.now();
          while (!release(log)) {
            if (Date.now() - since > 3000) { forced = true; break; }
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          log.push(`released ${email}`);
        }
        const jobStatus = /"status":"(\w+)"/.exec(res.body)?.[1];
        log.push(`${request.method} ${path.startsWith(`${IMPORT_JOBS}/`) ? `${IMPORT_JOBS}/:id` : path} ${res.status}${request.method === 'GET' && jobStatus ? ` ${jobStatus}` : ''}`);
        return res;
      },
    },
  };
}

describe('Klaviyo client: groups of one apply() overlap', () => {
  let f: Fixture;
  let listId: string;
  beforeEach(async () => {
    f = await startKlaviyoClientFixture();
    listId = await f.client.ensureTarget(target());
  });
  afterEach(async () => { await f.fake.close(); });

  it('keeps every outcome with its operation when a later group finishes first', async () => {
    f.fake.bounce('shopper3@shop.test');
    f.fake.refuseEmail('shopper5@shop.test');
    // Groups of two members with an address: [1, 3], [4, 5], [6]; the first is held until both others completed.
    const gate = holdingImportOf('shopper1@shop.test', (log) => log.filter((l) => l.endsWith(' complete')).length >= 2);
    const client = f.makeClient({ http: gate.http, groupSize: 2 });
    const ops: SyncOperation[] = [
      { op: 'add', member: member(1) },
      { op: 'add', member: member(2, { email: null }) },
      { op: 'add', member: member(3) },
      { op: 'update', member: member(4), remoteId: null },
      { op: 'add', member: member(5) },
      { op: 'add', member: member(6) },
    ];
    const outcomes = await client.apply(target(listId), ops);

    expect(gate.forced()).toBe(false);
    const released = gate.log.indexOf('released shopper1@shop.test');
    const completed = gate.log.flatMap((l, i) => (l.endsWith(' complete') ? [i] : []));
    expect(completed).toHaveLength(3);
    expect([released > (completed[1] ?? Infinity), (completed[2] ?? -1) > released]).toEqual([true, true]);
    expect(outcomes).toEqual([
      { result: 'ok', remoteId: null },
      { result: 'rejected', status: 400, code: 'no_email', message: 'Klaviyo profiles are keyed by email and this member has none.' },
      { result: 'rejected', status: 400, code: 'suppressed_bounced', message: 'Klaviyo reports this address as bounced.', suppress: 'bounced' },
      { result: 'ok', remoteId: null },
      { result: 'rejected', status: 400, code: 'invalid', message: 'Klaviyo refused this profile (email).', suppress: 'invalid' },
      { result: 'ok', remoteId: null },
    ]);
    expect(listEmails(f.fake, listId)).toEqual(['shopper1@shop.test', 'shopper4@shop.test', 'shopper6@shop.test']);
    // Adds only (4 was an update), one event each, all in one pooled call.
    expect(f.fake.state.events.map((e) => e.uniqueId).sort()).toEqual([enterId(1), enterId(6)].sort());
    expect(gate.log.filter((l) => l.startsWith('POST /api/event-bulk-create-jobs'))).toEqual(['POST /api/event-bulk-create-jobs 202']);
    expect(throttledCount(f.fake)).toBe(0);
  });

  it('looks groups up one after another and shares full event calls between them', async () => {
    const real = createFetchHttpClient({ timeoutMs: 5000 });
    const lookedUp: number[] = [];
    const client = f.makeClient({
      groupSize: 600,
      http: {
        send(request) {
          const first = /shopper(\d+)%40/.exec(request.url)?.[1];
          if (request.url.includes('/api/profiles?') && first) lookedUp.push(Math.floor((Number(first) - 1) / 600));
          return real.send(request);
        },
      },
    });
    const ids = Array.from({ length: 1800 }, (_, i) => i + 1);
    const outcomes = await client.apply(target(listId), ids.map((id) => ({ op: 'add', member: member(id) })));

    expect(outcomes.every((o) => o.result === 'ok')).toBe(true);
    expect(f.fake.state.memberships.get(listId)?.size).toBe(1800);
    expect(new Set(f.fake.state.events.map((e) => e.uniqueId))).toEqual(new Set(ids.map(enterId)));
    const posts = (path: string) => f.fake.state.requests.filter((r) => r.method === 'POST' && r.path === path).length;
    // Three jobs (one per group), but 1,800 events in two calls (1,000 once two groups are in, then the rest), not three.
    expect([posts(IMPORT_JOBS), posts('/api/event-bulk-create-jobs')]).toEqual([3, 2]);
    // 18 look-ups of 100, group by group: the first group gets the L tier's burst to itself.
    expect(lookedUp).toEqual([...Array(6).fill(0), ...Array(6).fill(1), ...Array(6).fill(2)]);
    expect(throttledCount(f.fake)).toBe(0);
  });

  it('imports a first apply\'s first 1,000 members after ten look-ups; later applies go in whole groups', async () => {
    const client = f.makeClient({ groupSize: 2000 });
    const ops = (from: number, n: number) => Array.from({ length: n }, (_, i): SyncOperation => ({ op: 'add', member: member(from + i) }));
    expect((await client.apply(target(listId), ops(1, 3000))).every((o) => o.result === 'ok')).toBe(true);
    expect((await client.apply(target(listId), ops(3001, 3000))).every((o) => o.result === 'ok')).toBe(true);
    expect([...f.fake.state.jobs.values()].map((j) => j.profiles.length)).toEqual([1000, 2000, 2000, 1000]);
    expect(f.fake.state.memberships.get(listId)?.size).toBe(6000);
  });

  it('serves look-ups in the order they were asked for: concurrent batches do not interleave', async () => {
    const real = createFetchHttpClient({ timeoutMs: 5000 });
    const lookedUp: string[] = [];
    const client = f.makeClient({
      groupSize: 1500,
      firstGroupSize: 1500,
      http: {
        send(request) {
          const first = /shopper(\d+)%40/.exec(request.url)?.[1];
          if (request.url.includes('/api/profiles?') && first) lookedUp.push(Number(first) <= 1500 ? 'A' : 'B');
          return real.send(request);
        },
      },
    });
    const ops = (from: number) => Array.from({ length: 1500 }, (_, i): SyncOperation => ({ op: 'add', member: member(from + i) }));
    const outcomes = await Promise.all([client.apply(target(listId), ops(1)), client.apply(target(listId), ops(1501))]);
    expect(outcomes.flat().every((o) => o.result === 'ok')).toBe(true);
    // Each batch's 15 look-ups were queued together, so the first batch can import after its own 15.
    expect(lookedUp.join('')).toBe(`${'A'.repeat(15)}${'B'.repeat(15)}`);
  });

  it('fails the whole call when one group fails, once every group has stopped, and sends no events', async () => {
    const client = f.makeClient({ groupSize: 2 });
    f.fake.inject({ kind: 'status', path: /^\/api\/profile-bulk-import-jobs\//, status: 503 });
    let error: unknown;
    try {
      await client.apply(target(listId), [1, 2, 3, 4, 5, 6].map((id): SyncOperation => ({ op: 'add', member: member(id) })));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DestinationError);
    expect((error as DestinationError).status).toBe(503);
    const requestsAtFailure = f.fake.state.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(f.fake.state.requests.length).toBe(requestsAtFailure);
    expect(f.fake.state.events).toHaveLength(0);

    // Replaying the same operations is harmless and completes the list (no flow twice: one event each).
    const outcomes = await client.apply(target(listId), [1, 2, 3, 4, 5, 6].map((id): SyncOperation => ({ op: 'add', member: member(id) })));
    expect(outcomes.every((o) => o.result === 'ok')).toBe(true);
    expect(listEmails(f.fake, listId)).toHaveLength(6);
    expect(f.fake.state.events).toHaveLength(6);
  });

  it('stops the groups behind a failed look-up before they send anything', async () => {
    const client = f.makeClient({ groupSize: 500 });
    f.fake.inject({ kind: 'status', path: '/api/profiles', status: 500 });
    const ops = Array.from({ length: 1000 }, (_, i): SyncOperation => ({ op: 'add', member: member(i + 1) }));
    await expect(client.apply(target(listId), ops)).rejects.toMatchObject({ status: 500 });
    const requestsAtFailure = f.fake.state.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The first group's five look-ups were on the wire together; the second group's never went, nor any import.
    expect(f.fake.state.requests.length).toBe(requestsAtFailure);
    expect(f.fake.state.requests.map((r) => `${r.method} ${r.path}`).filter((r) => r !== 'GET /api/lists' && r !== 'POST /api/lists')).toEqual(Array(5).fill('GET /api/profiles'));
  });
});
