import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncQueries, type BatchResult, type SyncQueries } from '../../../server/db/sync-queries.js';
import { openSyncWorld, type SyncWorld } from './sync-world.js';

describe('sync queries', () => {
  let w: SyncWorld;
  let q: SyncQueries;
  let destinationId: number;
  let linkId: number;

  beforeEach(() => {
    w = openSyncWorld();
    q = createSyncQueries(w.db);
    destinationId = w.webhookDestination('https://example.com/hook');
    w.link(destinationId, w.segment('S'));
    linkId = q.links(destinationId)[0]!.id;
  });
  afterEach(() => w.close());

  const outbox = () => w.db.prepare('SELECT profile_id AS p, op, props_hash AS h, attempts AS a, next_attempt_at AS n, status AS s FROM sync_outbox ORDER BY profile_id, id').all();
  const empty = (): BatchResult => ({ done: [], dead: [], rescheduled: [], upsertMembers: [], deleteMembers: [], counters: { added: 0, updated: 0, removed: 0, failed: 0, done: 0 } });

  it('a new plan keeps a pending row\'s attempts and schedule when op and data are the same, resets them otherwise, drops the rest', () => {
    const run = q.insertRun(destinationId, 'manual', 0);
    q.writePlan(destinationId, linkId, run, [
      { profileId: 1, op: 'add', propsHash: 'a', enteredAt: 1 },
      { profileId: 2, op: 'add', propsHash: 'b', enteredAt: 1 },
      { profileId: 3, op: 'remove', propsHash: null, enteredAt: 1 },
    ], 100);
    w.db.prepare('UPDATE sync_outbox SET attempts = 3, next_attempt_at = 999').run();
    q.writePlan(destinationId, linkId, run, [
      { profileId: 1, op: 'add', propsHash: 'a', enteredAt: 1 },
      { profileId: 2, op: 'add', propsHash: 'b2', enteredAt: 1 },
      { profileId: 4, op: 'add', propsHash: 'd', enteredAt: 1 },
    ], 200);
    expect(outbox()).toEqual([
      { p: 1, op: 'add', h: 'a', a: 3, n: 999, s: 'pending' },
      { p: 2, op: 'add', h: 'b2', a: 0, n: 200, s: 'pending' },
      { p: 4, op: 'add', h: 'd', a: 0, n: 200, s: 'pending' },
    ]);
    expect(q.pendingCount(destinationId)).toBe(3);
    expect(q.due(destinationId, linkId, 200, 10).map((r) => r.profileId)).toEqual([2, 4]);
    expect(q.nextPendingAt(destinationId, [linkId])).toBe(200);
  });

  it('a member synced at last is no longer dead; the last dead op is what deadOps reports', () => {
    const run = q.insertRun(destinationId, 'manual', 0);
    q.writePlan(destinationId, linkId, run, [{ profileId: 1, op: 'add', propsHash: 'a', enteredAt: 1 }, { profileId: 2, op: 'add', propsHash: 'b', enteredAt: 1 }], 0);
    const [r1, r2] = q.due(destinationId, linkId, 0, 10);
    q.applyBatch(run, linkId, { ...empty(), dead: [{ id: r1!.id, attempts: 1, lastStatus: 400, lastError: 'x' }, { id: r2!.id, attempts: 1, lastStatus: 400, lastError: 'x' }] }, 1);
    expect(q.deadOps(linkId)).toEqual([{ profileId: 1, op: 'add', propsHash: 'a', enteredAt: 1 }, { profileId: 2, op: 'add', propsHash: 'b', enteredAt: 1 }]);
    q.writePlan(destinationId, linkId, run, [{ profileId: 1, op: 'add', propsHash: 'a2', enteredAt: 1 }], 2);
    const [again] = q.due(destinationId, linkId, 2, 10);
    q.applyBatch(run, linkId, { ...empty(), done: [{ id: again!.id, lastStatus: null }], upsertMembers: [{ profileId: 1, remoteId: 'r', propsHash: 'a2', enteredAt: 1 }] }, 3);
    expect(q.deadOps(linkId)).toEqual([{ profileId: 2, op: 'add', propsHash: 'b', enteredAt: 1 }]);
    expect(q.synced(linkId)).toEqual([{ profileId: 1, propsHash: 'a2', enteredAt: 1, remoteId: 'r' }]);
  });

  it('one run at a time: a queued run waits for the running one; a running run is taken over once its lease passed', () => {
    const first = q.insertRun(destinationId, 'manual', 0);
    expect(q.claimable(0).map((r) => r.id)).toEqual([first]);
    expect(q.claim(first, 0, 60_000)).toBe(true);
    expect(q.claim(first, 0, 60_000)).toBe(false);
    const second = q.insertRun(destinationId, 'manual', 1);
    expect(q.activeRun(destinationId)?.id).toBe(second);
    expect(q.queuedRun(destinationId)?.id).toBe(second);
    expect(q.claimable(59_999)).toEqual([]);
    expect(q.claimable(60_001).map((r) => r.id)).toEqual([first]);
    q.finish(first, 'succeeded', 70_000, null);
    expect(q.claimable(70_000).map((r) => r.id)).toEqual([second]);
  });

  it('keeps the newest runs of each destination', () => {
    for (let i = 0; i < 5; i++) q.finish(q.insertRun(destinationId, 'manual', i), 'succeeded', i, null);
    const queued = q.insertRun(destinationId, 'manual', 9);
    expect(q.pruneRuns(3)).toBe(3);
    expect(w.db.prepare('SELECT id FROM sync_runs ORDER BY id').pluck().all()).toEqual([4, 5, queued]);
  });
});
