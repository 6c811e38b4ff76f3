import { afterEach, describe, expect, it } from 'vitest';
import { createSegmentWorld, DAY, HOUR, shopperEvent, type SegmentWorld } from './segment-world.js';
import { createSegmentEngine, type SegmentEngine } from '../../../server/segments/live/create-segment-engine.js';
import { silentLogger } from '../../../server/logger.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
/** Blocks this thread (not the workers): a worker's answer cannot be handled before it returns. */
const blockThisThread = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Traits and memberships of every profile, for comparing two ways of computing them. */
function snapshot(world: SegmentWorld) {
  const traits = world.db.prepare('SELECT * FROM profile_traits ORDER BY profile_id').all() as Record<string, unknown>[];
  return {
    traits: traits.map(({ computed_at: _computed, ...rest }) => rest),
    members: world.db.prepare('SELECT segment_id, profile_id FROM segment_members ORDER BY 1, 2').all(),
    events: world.db.prepare("SELECT event_id FROM events WHERE source = 'server' ORDER BY 1").pluck().all(),
  };
}

describe('full recompute with trait workers', () => {
  let world: SegmentWorld;
  let engine: SegmentEngine | undefined;
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    world?.close();
  });

  function seed() {
    world = createSegmentWorld(NOW);
    const events = [];
    for (let i = 0; i < 240; i++) {
      const visitor = `v${i}`;
      const at = NOW - (i % 40) * DAY - 3 * HOUR;
      events.push(shopperEvent(visitor, 'Product_Viewed', at, { productId: String(i % 7) }, { device: i % 3 === 0 ? 'mobile' : 'desktop' }));
      if (i % 2 === 0) events.push(shopperEvent(visitor, 'Page_Viewed', at + 60_000, {}, { device: 'mobile' }));
      if (i % 5 === 0) events.push(shopperEvent(visitor, 'Cart_ItemAdded', at + 120_000, { productId: '1', variantId: '11', quantity: 1, price: 20 }));
    }
    world.send(events);
    world.addSegment('Viewers', 'product_views >= 1');
    world.addSegment('Mobile', "primary_device = 'MOBILE'");
    world.addSegment('Abandoners', 'cart_abandoned_date > -30d');
  }

  it('gives exactly what the synchronous recompute gives, workers computing most chunks', async () => {
    seed();
    engine = createSegmentEngine({ db: world.db, clock: world.clock, logger: silentLogger, options: { abandonmentWindowMs: HOUR, batchSize: 20, workers: 1 } });
    expect(engine.background.start(world.shopId)).toBe(true);
    const status = await engine.background.settled(world.shopId);
    expect(status).toMatchObject({ status: 'done', profilesDone: 240, error: null });
    const parallel = snapshot(world);
    expect(parallel.members.length).toBeGreaterThan(240);
    expect(parallel.events.length).toBeGreaterThan(0);
    // Nothing left queued: storing the abandonment events queues nothing (migration 012), the chunks cleared the rest.
    expect(world.db.prepare('SELECT count(*) FROM segment_dirty_profiles').pluck().get()).toBe(0);

    world.db.exec('DELETE FROM segment_members; DELETE FROM profile_traits');
    const sync = engine.recomputeShop(world.shopId);
    expect(sync.profiles).toBe(240);
    expect(snapshot(world)).toEqual(parallel);
  });

  it('computes a chunk on this thread when its worker dies (out of memory), with the same result', async () => {
    seed();
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (message: string) => { warnings.push(message); } };
    // A 1 MB heap: the worker cannot even load its code.
    engine = createSegmentEngine({ db: world.db, clock: world.clock, logger, options: { abandonmentWindowMs: HOUR, batchSize: 20, workers: 1, workerHeapMb: 1 } });
    engine.background.start(world.shopId);
    expect(await engine.background.settled(world.shopId)).toMatchObject({ status: 'done', profilesDone: 240, error: null });
    expect(warnings).toContain('trait worker failed: chunk computed on the main thread');
    const fallback = snapshot(world);

    world.db.exec('DELETE FROM segment_members; DELETE FROM profile_traits');
    engine.recomputeShop(world.shopId);
    expect(snapshot(world)).toEqual(fallback);
  });

  it('never overwrites a live refresh, or an event that arrived, with a chunk computed before them', async () => {
    seed();
    engine = createSegmentEngine({ db: world.db, clock: world.clock, logger: silentLogger, options: { abandonmentWindowMs: HOUR, batchSize: 500, workers: 1 } });
    engine.drain();
    // A first recompute starts the worker, so the second one's chunk is read at once.
    engine.background.start(world.shopId);
    await engine.background.settled(world.shopId);
    const refreshedLive = world.profileOf('v1');
    const requeued = world.profileOf('v3');
    expect(world.traits(refreshedLive).product_views).toBe(1);

    engine.background.start(world.shopId);
    // The whole shop is handed to the worker on this turn. While this thread is blocked the worker reads
    // the facts as they are now; its answer is handled only after the writes below.
    await nextTurn();
    blockThisThread(2000);
    world.send([shopperEvent('v1', 'Product_Viewed', NOW - 60_000, { productId: '2' }), shopperEvent('v3', 'Product_Viewed', NOW - 60_000, { productId: '2' })]);
    // The live engine refreshes v1 now; v3 stays queued until after the recompute.
    world.db.prepare('DELETE FROM segment_dirty_profiles WHERE profile_id = ?').run(requeued);
    engine.runOnce();
    world.send([shopperEvent('v3', 'Page_Viewed', NOW - 30_000)]);
    expect(world.traits(refreshedLive).product_views).toBe(2);

    expect((await engine.background.settled(world.shopId)).status).toBe('done');
    expect(world.traits(refreshedLive).product_views).toBe(2);
    // Still queued, so the engine gives it its newest facts next.
    expect(world.db.prepare('SELECT count(*) FROM segment_dirty_profiles WHERE profile_id = ?').pluck().get(requeued)).toBe(1);
    engine.drain();
    expect(world.traits(requeued).product_views).toBe(2);
  });
});
