import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver/start-webhook-receiver.js';
import { openSyncWorld, SECRET, type SyncWorld } from './sync-world.js';

/**
 * The sync engine end to end: real SQLite file, the real webhook client over real HTTP to the fake
 * receiver, a fixed clock that the engine's sleeps move forward.
 */
describe('destination sync (webhook)', () => {
  let w: SyncWorld;
  let receiver: WebhookReceiver;
  let segmentId: number;
  let destinationId: number;
  let ids: number[];

  beforeEach(async () => {
    w = openSyncWorld();
    receiver = await startWebhookReceiver({ secret: SECRET, now: () => w.clock.now() });
    segmentId = w.segment('Loyal');
    ids = ['ann@example.com', 'bob@example.com', 'cid@example.com'].map((e) => w.shopper(e));
    const noConsent = w.shopper('dan@example.com', { consent: false });
    w.enter(segmentId, [...ids, noConsent]);
    destinationId = w.webhookDestination(receiver.url);
    w.link(destinationId, segmentId);
  });
  afterEach(async () => {
    w.close();
    await receiver.close();
  });

  const remote = () => [...receiver.members(segmentId).keys()].sort();
  const run = (runId: number) => w.db.prepare('SELECT * FROM sync_runs WHERE id = ?').get(runId) as Record<string, unknown>;
  const syncNow = async (sync = w.sync()) => {
    const queued = sync.requestRun(w.shop.id, destinationId, 'manual');
    await sync.drain();
    return sync.getRun(w.shop.id, queued.id)!;
  };

  it('first sync: sends every eligible member once, counts the excluded, records the remote state', async () => {
    const result = await syncNow();
    expect(result).toMatchObject({ status: 'succeeded', total: 3, done: 3, added: 3, removed: 0, updated: 0, failed: 0, error: null });
    expect(result.excluded).toEqual({ no_marketing_consent: 1 });
    expect(remote()).toEqual(['ann@example.com', 'bob@example.com', 'cid@example.com']);
    expect(w.count('SELECT count(*) FROM destination_members')).toBe(3);
    expect(w.count("SELECT count(*) FROM sync_outbox WHERE status = 'done'")).toBe(3);
    expect(w.db.prepare('SELECT remote_ref FROM destination_links').pluck().get()).toBe(`segment-${segmentId}`);
    // A second run finds nothing to do and sends nothing.
    const before = receiver.requests.length;
    expect(await syncNow()).toMatchObject({ status: 'succeeded', total: 0, added: 0 });
    expect(receiver.requests.length).toBe(before);
  });

  it('incremental: only adds and removes go out; a property change is an update', async () => {
    await syncNow();
    const eve = w.shopper('eve@example.com');
    w.enter(segmentId, [eve]);
    w.exit(segmentId, [ids[0]!]);
    w.setOrders(ids[1]!, 5);
    const result = await syncNow();
    expect(result).toMatchObject({ status: 'succeeded', total: 3, added: 1, removed: 1, updated: 1 });
    const last = receiver.batches.at(-1)!;
    expect(last.adds.map((m) => m.email)).toEqual(['eve@example.com']);
    expect(last.updates.map((m) => [m.email, m.properties.ss_orders])).toEqual([['bob@example.com', 5]]);
    expect(last.removes.map((m) => m.email)).toEqual(['ann@example.com']);
    expect(remote()).toEqual(['bob@example.com', 'cid@example.com', 'eve@example.com']);
    expect(receiver.members(segmentId).get('bob@example.com')).toMatchObject({ ss_orders: 5 });
  });

  it('consent withdrawn: the member is removed from the remote (never unsubscribed)', async () => {
    await syncNow();
    w.withdrawConsent(ids[2]!);
    const result = await syncNow();
    expect(result).toMatchObject({ status: 'succeeded', removed: 1, added: 0 });
    expect(result.excluded).toEqual({ no_marketing_consent: 2 });
    expect(receiver.batches.at(-1)!.removes.map((m) => m.email)).toEqual(['cid@example.com']);
    expect(remote()).toEqual(['ann@example.com', 'bob@example.com']);
  });

  it('a refused address goes dead, is suppressed for the destination, and is not sent again', async () => {
    receiver.refuse('bob@example.com');
    const result = await syncNow();
    expect(result).toMatchObject({ status: 'partial', added: 2, failed: 1, done: 3, error: { code: 'operations_rejected' } });
    expect(w.db.prepare("SELECT profile_id, status, last_status, last_error FROM sync_outbox WHERE status = 'dead'").all()).toEqual([
      { profile_id: ids[1], status: 'dead', last_status: 200, last_error: 'webhook_member_refused: Refused by the receiver.' },
    ]);
    expect(w.count('SELECT count(*) FROM email_suppressions WHERE destination_id = ? AND reason = ?', destinationId, 'invalid')).toBe(1);
    const adds = receiver.batches.flatMap((b) => b.adds).length;
    const next = await syncNow();
    expect(next).toMatchObject({ status: 'succeeded', total: 0 });
    expect(next.excluded).toMatchObject({ suppressed: 1 });
    expect(receiver.batches.flatMap((b) => b.adds).length).toBe(adds);
  });

  it('429: waits Retry-After without spending an attempt, then delivers', async () => {
    receiver.inject({ kind: 'status', status: 429, retryAfter: '7' });
    const start = w.clock.now();
    const result = await syncNow();
    expect(result).toMatchObject({ status: 'succeeded', added: 3 });
    expect(w.clock.now() - start).toBeGreaterThanOrEqual(7_000);
    expect(w.db.prepare('SELECT DISTINCT attempts FROM sync_outbox').pluck().all()).toEqual([0]);
    expect(receiver.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('500: retried with backoff (attempts spent), then delivered', async () => {
    receiver.inject({ kind: 'status', status: 500, times: 2 });
    const result = await syncNow();
    expect(result).toMatchObject({ status: 'succeeded', added: 3 });
    expect(w.db.prepare('SELECT DISTINCT attempts FROM sync_outbox').pluck().all()).toEqual([2]);
    expect(w.db.prepare('SELECT DISTINCT last_status FROM sync_outbox').pluck().all()).toEqual([null]);
    expect(remote()).toHaveLength(3);
  });

  it('timeout: retried, then delivered', async () => {
    receiver.inject({ kind: 'timeout' });
    const result = await syncNow();
    expect(result).toMatchObject({ status: 'succeeded', added: 3 });
    expect(w.db.prepare('SELECT DISTINCT attempts FROM sync_outbox').pluck().all()).toEqual([1]);
    expect(remote()).toHaveLength(3);
  });

  it('a remote that keeps failing: dead after 8 attempts, the run is partial', async () => {
    receiver.inject({ kind: 'status', status: 503, times: 8 });
    const result = await syncNow(w.sync({ maxInRunWaitMs: 3_600_000 }));
    expect(result).toMatchObject({ status: 'partial', added: 0, failed: 3, done: 3 });
    expect(w.db.prepare('SELECT DISTINCT status || attempts || last_status FROM sync_outbox').pluck().all()).toEqual(['dead8503']);
    expect(receiver.requests).toHaveLength(8);
  });

  it('a long backoff ends the run partial; a scheduled run picks the rows up when due', async () => {
    receiver.inject({ kind: 'status', status: 500 });
    const sync = w.sync({ maxInRunWaitMs: 1_000 });
    const first = await syncNow(sync);
    expect(first).toMatchObject({ status: 'partial', added: 0, total: 3, done: 0, error: { code: 'retries_pending' } });
    await sync.runDue();
    expect(w.count('SELECT count(*) FROM sync_runs')).toBe(1);
    w.clock.advance(5_000);
    await sync.drain();
    const runs = w.db.prepare('SELECT trigger, status, added FROM sync_runs ORDER BY id').all();
    expect(runs).toEqual([{ trigger: 'manual', status: 'partial', added: 0 }, { trigger: 'schedule', status: 'succeeded', added: 3 }]);
    expect(remote()).toHaveLength(3);
  });

  it('401: pauses the destination with the reason, sends nothing more until the merchant fixes it', async () => {
    const wrong = w.webhookDestination(receiver.url, { secret: 'whsec_not_the_receivers_secret', name: 'Wrong' });
    w.link(wrong, segmentId);
    const sync = w.sync();
    const queued = sync.requestRun(w.shop.id, wrong, 'manual');
    await sync.drain();
    expect(sync.getRun(w.shop.id, queued.id)).toMatchObject({ status: 'paused', added: 0, error: { code: 'credentials_rejected' } });
    expect(w.db.prepare('SELECT status, paused_reason FROM destinations WHERE id = ?').get(wrong)).toEqual({ status: 'paused', paused_reason: 'credentials_rejected' });
    expect(w.db.prepare('SELECT DISTINCT status || attempts FROM sync_outbox WHERE destination_id = ?').pluck().all(wrong)).toEqual(['pending0']);
    const refused = () => receiver.requests.filter((r) => r.status === 401).length;
    expect(refused()).toBe(1);
    // Paused: no scheduled run, and a requested one ends at once.
    w.clock.advance(3_600_000);
    await sync.drain();
    const again = sync.requestRun(w.shop.id, wrong, 'manual');
    await sync.drain();
    expect(sync.getRun(w.shop.id, again.id)).toMatchObject({ status: 'paused', error: { code: 'destination_paused' } });
    expect(refused()).toBe(1);
    // The other destination of the segment is not affected (its first run came from the membership changes).
    expect(w.db.prepare('SELECT status FROM destinations WHERE id = ?').pluck().get(destinationId)).toBe('active');
    expect(remote()).toHaveLength(3);
  });

  it('testCredentials: ok with the right secret, the remote refusal otherwise', async () => {
    const sync = w.sync();
    expect(await sync.testCredentials(w.shop.id, destinationId)).toEqual({ ok: true });
    const wrong = w.webhookDestination(receiver.url, { secret: 'whsec_not_the_receivers_secret', name: 'Wrong' });
    expect(await sync.testCredentials(w.shop.id, wrong)).toMatchObject({ ok: false, status: 401, code: 'credentials_rejected' });
    expect(() => sync.requestRun(w.shop.id + 1, destinationId, 'manual')).toThrow(/No such destination/);
    expect(sync.getRun(w.shop.id + 1, 1)).toBeNull();
  });

  it('credentials that cannot be read: the run fails with invalid_configuration, the test endpoint says so', async () => {
    w.db.prepare("UPDATE destinations SET credentials_sealed = 'v1.garbage.garbage.garbage' WHERE id = ?").run(destinationId);
    const sync = w.sync();
    expect(await sync.testCredentials(w.shop.id, destinationId)).toMatchObject({ ok: false, status: 0, code: 'invalid_configuration' });
    expect(await syncNow(sync)).toMatchObject({ status: 'failed', total: 0, error: { code: 'invalid_configuration' } });
    expect(receiver.requests).toHaveLength(0);
  });

  it('two runs at once for one destination: the second waits for the first', async () => {
    const sync = w.sync();
    const first = sync.requestRun(w.shop.id, destinationId, 'manual');
    const running = sync.runDue();
    expect(run(first.id).status).toBe('running');
    const second = sync.requestRun(w.shop.id, destinationId, 'manual');
    expect(second.id).not.toBe(first.id);
    expect(second.status).toBe('queued');
    // A third request joins the queued one.
    expect(sync.requestRun(w.shop.id, destinationId, 'membership').id).toBe(second.id);
    await Promise.all([running, sync.runDue()]);
    expect(run(first.id).status).toBe('succeeded');
    expect(run(second.id).status).toBe('queued');
    await sync.drain();
    expect(run(second.id)).toMatchObject({ status: 'succeeded', total: 0 });
    expect(run(second.id).started_at as number).toBeGreaterThanOrEqual(run(first.id).finished_at as number);
  });

  it('membership changes start a run once they are older than the debounce', async () => {
    const sync = w.sync();
    await syncNow(sync);
    w.clock.advance(1_000);
    const eve = w.shopper('eve@example.com');
    w.enter(segmentId, [eve]);
    w.clock.advance(29_000);
    await sync.runDue();
    expect(w.count('SELECT count(*) FROM sync_runs')).toBe(1);
    w.clock.advance(2_000);
    await sync.drain();
    expect(w.db.prepare('SELECT trigger, status, added FROM sync_runs ORDER BY id DESC LIMIT 1').get()).toEqual({ trigger: 'membership', status: 'succeeded', added: 1 });
    // The change is covered: no further run.
    w.clock.advance(60_000);
    await sync.drain();
    expect(w.count('SELECT count(*) FROM sync_runs')).toBe(2);
  });
});
