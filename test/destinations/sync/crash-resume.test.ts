import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../server/db/open-database.js';
import { createFetchHttpClient, type HttpClient } from '../../../server/destinations/http/http-client.js';
import { createDestinationSync } from '../../../server/destinations/sync/create-destination-sync.js';
import { silentLogger } from '../../../server/logger.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver/start-webhook-receiver.js';
import { openSyncWorld, SECRET, type SyncWorld } from './sync-world.js';

const MEMBERS = 1_200; // three webhook batches of at most 500

/**
 * A process dies in the middle of a run: its HTTP call never returns (the process is gone), its run
 * stays 'running' under a lease. A new process on the same database file resumes the run once the
 * lease passed and ends with the remote equal to the segment, every member added once.
 */
describe('a run killed midway and resumed by another process', () => {
  let w: SyncWorld;
  let receiver: WebhookReceiver;
  let db2: Db | null = null;
  let segmentId: number;
  let destinationId: number;

  beforeEach(async () => {
    w = openSyncWorld();
    receiver = await startWebhookReceiver({ secret: SECRET, now: () => w.clock.now() });
    segmentId = w.segment('Everyone');
    const ids = w.db.transaction(() => Array.from({ length: MEMBERS }, (_, i) => w.shopper(`shopper${i}@example.com`)))();
    w.enter(segmentId, ids);
    destinationId = w.webhookDestination(receiver.url);
    w.link(destinationId, segmentId);
  });
  afterEach(async () => {
    db2?.close();
    db2 = null;
    w.close();
    await receiver.close();
  });

  /** The dying process's HTTP: the `dieAt`-th request is (or is not) delivered, and then nothing ever answers. */
  function dyingHttp(dieAt: number, delivered: boolean): HttpClient & { dead: () => boolean } {
    const real = createFetchHttpClient({ timeoutMs: 2_000 });
    let sent = 0;
    let dead = false;
    return {
      dead: () => dead,
      async send(request) {
        sent++;
        if (sent < dieAt) return real.send(request);
        if (delivered && sent === dieAt) await real.send(request);
        dead = true;
        return new Promise(() => {});
      },
    };
  }

  async function until(check: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(check()).toBe(true);
  }

  it.each([
    ['after the remote applied the batch, before it was recorded', true],
    ['before the batch reached the remote', false],
  ])('killed %s', async (_label, delivered) => {
    const http = dyingHttp(2, delivered);
    const dying = w.sync({ http });
    const queued = dying.requestRun(w.shop.id, destinationId, 'manual');
    void dying.runDue();
    await until(http.dead);
    expect(receiver.requests.length).toBe(delivered ? 2 : 1);
    // Only the first batch was recorded.
    expect(w.count("SELECT count(*) FROM sync_outbox WHERE status = 'done'")).toBe(500);
    expect(w.db.prepare('SELECT status FROM sync_runs WHERE id = ?').pluck().get(queued.id)).toBe('running');

    // The new process: its own connection to the file, the same (moving) clock.
    db2 = openDatabase(w.path);
    const next = createDestinationSync({
      db: db2, clock: w.clock, config: w.config, logger: silentLogger,
      graphqlFor: () => { throw new Error('no Shopify here'); },
      http: createFetchHttpClient({ timeoutMs: 2_000 }),
      sleep: async (ms) => { w.clock.advance(ms); },
    });
    // The lease holds: nothing is taken over yet.
    await next.runDue();
    expect(receiver.requests.length).toBe(delivered ? 2 : 1);
    w.clock.advance(61_000);
    await next.drain();
    await next.stop();

    const run = next.getRun(w.shop.id, queued.id)!;
    expect(run).toMatchObject({ status: 'succeeded', total: MEMBERS, done: MEMBERS, added: MEMBERS, failed: 0 });
    expect(receiver.members(segmentId).size).toBe(MEMBERS);
    // Every member was added once: a re-sent batch carries the same id and the receiver applied it once.
    const adds = receiver.batches.flatMap((b) => b.adds.map((m) => m.profileId));
    expect(adds).toHaveLength(MEMBERS);
    expect(new Set(adds).size).toBe(MEMBERS);
    expect(receiver.requests.filter((r) => r.duplicate)).toHaveLength(delivered ? 1 : 0);
    expect(w.count('SELECT count(*) FROM destination_members')).toBe(MEMBERS);
    expect(w.count('SELECT count(*) FROM sync_runs')).toBe(1);
  });
});
