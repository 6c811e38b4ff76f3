import { afterEach, describe, expect, it } from 'vitest';
import { createSegmentWorld, HOUR, shopperEvent, type SegmentWorld } from '../segments/live/segment-world.js';
import { createSegmentEngine } from '../../server/segments/live/create-segment-engine.js';
import { silentLogger } from '../../server/logger.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('background recompute', () => {
  let world: SegmentWorld;
  afterEach(() => world?.close());

  it('without workers, works one chunk per turn of the event loop, counts progress, and runs once per shop at a time', async () => {
    world = createSegmentWorld(NOW);
    world.send(['a', 'b', 'c', 'd', 'e'].map((v) => shopperEvent(v, 'Product_Viewed', NOW - HOUR, { productId: '1' })));
    const segment = world.addSegment('Viewers', 'product_views >= 1');
    const engine = createSegmentEngine({ db: world.db, clock: world.clock, logger: silentLogger, options: { abandonmentWindowMs: HOUR, batchSize: 2, workers: 0 } });
    expect(engine.background.start(world.shopId)).toBe(true);
    expect(engine.background.start(world.shopId)).toBe(false);
    expect(engine.background.status(world.shopId)).toMatchObject({ status: 'running', profilesDone: 0, profilesTotal: 5 });
    await nextTurn();
    expect(engine.background.status(world.shopId).profilesDone).toBe(2);
    expect(world.members(segment)).toEqual([]);
    for (let i = 0; i < 10; i++) await nextTurn();
    expect(engine.background.status(world.shopId)).toMatchObject({ status: 'done', profilesDone: 5, profilesTotal: 5, error: null });
    expect(world.members(segment)).toHaveLength(5);
    expect(engine.background.status(world.shopId + 1).status).toBe('idle');
  });

  it('stops between chunks when the engine stops', async () => {
    world = createSegmentWorld(NOW);
    world.send(['a', 'b', 'c', 'd', 'e'].map((v) => shopperEvent(v, 'Product_Viewed', NOW - HOUR, { productId: '1' })));
    const engine = createSegmentEngine({ db: world.db, clock: world.clock, logger: silentLogger, options: { abandonmentWindowMs: HOUR, batchSize: 2, workers: 0 } });
    engine.background.start(world.shopId);
    await nextTurn();
    await engine.stop();
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(engine.background.status(world.shopId)).toMatchObject({ status: 'running', profilesDone: 2 });
  });
});
