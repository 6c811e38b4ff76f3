import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncQueries, type SyncDestinationRow } from '../../../server/db/sync-queries.js';
import { createDestinationMemberQueries } from '../../../server/db/destination-member-queries.js';
import { createEmailSuppressionQueries } from '../../../server/db/email-suppression-queries.js';
import { createDestinationClient, readDestinationSettings } from '../../../server/destinations/create-destination-client.js';
import { destinationPolicy } from '../../../server/destinations/eligibility/destination-policy.js';
import { loadEligibleMembers } from '../../../server/destinations/eligibility/load-eligible-members.js';
import { createFetchHttpClient, type HttpClient } from '../../../server/destinations/http/http-client.js';
import { loadEligibleInChunks } from '../../../server/destinations/sync/load-eligible-in-chunks.js';
import { runSync, type RunSyncDeps } from '../../../server/destinations/sync/run-sync.js';
import { silentLogger } from '../../../server/logger.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver/start-webhook-receiver.js';
import { openSyncWorld, SECRET, type SyncWorld } from './sync-world.js';

/**
 * The engine with a client that allows two batches in flight: the real webhook client (batches of 500)
 * over real HTTP to the fake receiver, its concurrency raised to 2. The HTTP in between holds the first
 * answer until a second call is in flight, so an engine that sends one batch at a time shows a peak of 1.
 */
describe('run-sync: several batches of a destination in flight', () => {
  let w: SyncWorld;
  let receiver: WebhookReceiver;
  let segmentId: number;
  let destinationId: number;

  beforeEach(async () => {
    w = openSyncWorld();
    receiver = await startWebhookReceiver({ secret: SECRET, now: () => w.clock.now() });
    segmentId = w.segment('Everyone');
    destinationId = w.webhookDestination(receiver.url);
    w.link(destinationId, segmentId);
  });
  afterEach(async () => {
    w.close();
    await receiver.close();
  });

  function members(n: number): void {
    w.enter(segmentId, w.db.transaction(() => Array.from({ length: n }, (_, i) => w.shopper(`shopper${i}@example.com`)))());
  }

  /** The real HTTP, counting calls in flight; answers are held (at most 1 s) until two calls overlapped once. */
  function overlapHttp(onOverlap: () => void = () => {}) {
    const real = createFetchHttpClient({ timeoutMs: 2_000 });
    const starts: number[] = [];
    const release: (() => void)[] = [];
    let inFlight = 0;
    let peak = 0;
    const http: HttpClient = {
      async send(request) {
        starts.push(w.clock.now());
        if (++inFlight === 2 && peak < 2) onOverlap();
        peak = Math.max(peak, inFlight);
        try {
          const res = await real.send(request);
          if (peak < 2) await new Promise<void>((resolve) => { release.push(resolve); setTimeout(resolve, 1_000); });
          for (const r of release.splice(0)) r();
          return res;
        } finally {
          inFlight--;
        }
      },
    };
    return { http, starts, peak: () => peak };
  }

  async function runOnce(http: HttpClient, stopping: () => boolean = () => false) {
    const queries = createSyncQueries(w.db);
    const memberQueries = createDestinationMemberQueries(w.db);
    const suppressions = createEmailSuppressionQueries(w.db);
    const deps: RunSyncDeps = {
      db: w.db, queries, suppressions, clock: w.clock, logger: silentLogger, random: () => 0.5, leaseMs: 60_000, maxInRunWaitMs: 60_000,
      sleep: async (ms) => { w.clock.advance(ms); },
      stopping,
      contactsOf: memberQueries.contactsOf,
      clientFor: (row: SyncDestinationRow) => ({
        ...createDestinationClient(row, { config: w.config, http, clock: w.clock, sleep: async () => {}, graphqlFor: () => { throw new Error('no Shopify'); } }),
        concurrency: 2,
      }),
      loadEligible: (destination, segment) => loadEligibleInChunks((profileIds) => loadEligibleMembers({
        queries: { members: memberQueries, suppressions }, shopId: destination.shopId, segmentId: segment, destinationId: destination.id,
        policy: destinationPolicy(destination.kind, readDestinationSettings(destination) as never), profileIds,
      }), memberQueries.memberIds(segment)),
    };
    const runId = queries.insertRun(destinationId, 'manual', w.clock.now());
    expect(queries.claim(runId, w.clock.now(), w.clock.now() + 60_000)).toBe(true);
    const status = await runSync(deps, queries.run(runId)!);
    return { status, run: queries.run(runId)! };
  }

  const adds = () => receiver.batches.flatMap((b) => b.adds.map((m) => m.profileId));
  const outbox = () => w.db.prepare('SELECT status, attempts, count(*) AS n FROM sync_outbox GROUP BY status, attempts ORDER BY status').all();

  it('keeps two batches in flight; the remote ends equal to the segment, every member added once', async () => {
    members(1_100); // batches of 500, 500 and 100
    const gate = overlapHttp();
    const { status, run } = await runOnce(gate.http);
    expect(status).toBe('succeeded');
    expect(gate.peak()).toBe(2);
    expect(run).toMatchObject({ total: 1_100, done: 1_100, added: 1_100, updated: 0, removed: 0, failed: 0 });
    expect(receiver.requests.map((r) => [r.status, r.duplicate])).toEqual([[200, false], [200, false], [200, false]]);
    expect(receiver.members(segmentId).size).toBe(1_100);
    expect(adds()).toHaveLength(1_100);
    expect(new Set(adds()).size).toBe(1_100);
    expect(outbox()).toEqual([{ status: 'done', attempts: 0, n: 1_100 }]);
    expect(w.count('SELECT count(*) FROM destination_members')).toBe(1_100);
  });

  it('a 429 on one batch starts no new batch until Retry-After passed, and spends no attempt', async () => {
    members(1_600); // four batches
    receiver.inject({ kind: 'status', status: 429, retryAfter: '7' });
    const gate = overlapHttp();
    const { status, run } = await runOnce(gate.http);
    expect(status).toBe('succeeded');
    expect(gate.peak()).toBe(2);
    // The two batches in flight when the 429 came: one throttled, the other delivered; nothing else started before the wait.
    const [first, second, ...later] = gate.starts;
    expect(second).toBe(first);
    expect(receiver.requests.slice(0, 2).map((r) => r.status).sort()).toEqual([200, 429]);
    expect(later).toHaveLength(3); // the throttled batch again, and the two not started
    for (const at of later) expect(at).toBeGreaterThanOrEqual(first! + 7_000);
    expect(run).toMatchObject({ total: 1_600, done: 1_600, added: 1_600, failed: 0 });
    expect(outbox()).toEqual([{ status: 'done', attempts: 0, n: 1_600 }]);
    expect(receiver.members(segmentId).size).toBe(1_600);
    expect(new Set(adds()).size).toBe(1_600);
    expect(adds()).toHaveLength(1_600);
  });

  it('a 401 on one batch: the batch in flight beside it is settled, then the run and the destination pause', async () => {
    members(1_100);
    receiver.inject({ kind: 'status', status: 401 });
    const gate = overlapHttp();
    const { status, run } = await runOnce(gate.http);
    expect(status).toBe('paused');
    expect(receiver.requests).toHaveLength(2);
    expect(run).toMatchObject({ status: 'paused', added: 500, done: 500, errorCode: 'credentials_rejected' });
    expect(w.db.prepare('SELECT status, paused_reason FROM destinations WHERE id = ?').get(destinationId)).toEqual({ status: 'paused', paused_reason: 'credentials_rejected' });
    expect(outbox()).toEqual([{ status: 'done', attempts: 0, n: 500 }, { status: 'pending', attempts: 0, n: 600 }]);
    expect(receiver.members(segmentId).size).toBe(500);
  });

  it('stopping with two batches in flight: both settle, no new one starts, the run is released', async () => {
    members(1_600);
    let stopping = false;
    const gate = overlapHttp(() => { stopping = true; });
    const { status, run } = await runOnce(gate.http, () => stopping);
    expect(status).toBe('released');
    expect(receiver.requests).toHaveLength(2);
    expect(run).toMatchObject({ status: 'running', done: 1_000, added: 1_000 });
    expect(outbox()).toEqual([{ status: 'done', attempts: 0, n: 1_000 }, { status: 'pending', attempts: 0, n: 600 }]);
  });
});
