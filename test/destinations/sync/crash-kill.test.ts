import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver/start-webhook-receiver.js';
import { openSyncWorld, SECRET, type SyncWorld } from './sync-world.js';

const MEMBERS = 3_000; // six webhook batches
const CHILD = fileURLToPath(new URL('./run-sync-in-child.ts', import.meta.url));

/**
 * A real crash: the run executes in a child process that is SIGKILLed while batches are in flight
 * (wherever it happens to be: between the remote's answer and our commit, mid-transaction...). This
 * process then resumes the run from the database file alone.
 */
describe('a sync process killed with SIGKILL', () => {
  let w: SyncWorld;
  let receiver: WebhookReceiver;
  let child: ChildProcess | null = null;

  beforeEach(async () => {
    w = openSyncWorld();
    receiver = await startWebhookReceiver({ secret: SECRET, now: () => w.clock.now() });
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    w.close();
    await receiver.close();
  });

  it('is resumed by the next process: the remote equals the segment, every member added once', async () => {
    const segmentId = w.segment('Everyone');
    const ids = w.db.transaction(() => Array.from({ length: MEMBERS }, (_, i) => w.shopper(`buyer${i}@example.com`)))();
    w.enter(segmentId, ids);
    const destinationId = w.webhookDestination(receiver.url);
    w.link(destinationId, segmentId);
    const sync = w.sync();
    const queued = sync.requestRun(w.shop.id, destinationId, 'manual');

    child = spawn(process.execPath, ['--import', 'tsx', CHILD, w.path, String(w.clock.now())], { stdio: ['ignore', 'ignore', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child!.on('exit', (_code, signal) => resolve(signal)));
    for (let i = 0; i < 1_000 && receiver.requests.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    child = null;

    const before = w.db.prepare('SELECT status, done FROM sync_runs WHERE id = ?').get(queued.id) as { status: string; done: number };
    expect(before.status).toBe('running');
    expect(before.done).toBeLessThan(MEMBERS);

    w.clock.advance(61_000);
    await sync.drain();
    expect(sync.getRun(w.shop.id, queued.id)).toMatchObject({ status: 'succeeded', done: MEMBERS, added: MEMBERS, failed: 0 });
    expect(receiver.members(segmentId).size).toBe(MEMBERS);
    const adds = receiver.batches.flatMap((b) => b.adds.map((m) => m.profileId));
    expect(adds).toHaveLength(MEMBERS);
    expect(new Set(adds).size).toBe(MEMBERS);
    expect(w.count('SELECT count(*) FROM destination_members')).toBe(MEMBERS);
  }, 30_000);
});
