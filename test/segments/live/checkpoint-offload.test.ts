import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../server/db/open-database.js';
import { silentLogger } from '../../../server/logger.js';
import { createCheckpointOffload } from '../../../server/segments/live/create-checkpoint-offload.js';
import { createTraitWorkerPool, type TraitWorkerPool } from '../../../server/segments/live/create-trait-worker-pool.js';
import { createSegmentEngine } from '../../../server/segments/live/create-segment-engine.js';
import { NO_TIME_DEPENDENCE } from '../../../server/segments/query/time-dependence.js';
import { createSegmentWorld, HOUR, shopperEvent, type SegmentWorld } from './segment-world.js';

const autocheckpoint = (db: Db) => db.pragma('wal_autocheckpoint', { simple: true }) as number;

describe('WAL checkpoints on a trait worker', () => {
  let dir: string | undefined;
  let db: Db | undefined;
  let pool: TraitWorkerPool | undefined;
  let world: SegmentWorld | undefined;
  afterEach(async () => {
    await pool?.close();
    db?.close();
    world?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = db = pool = world = undefined;
  });

  function open(): { path: string; db: Db } {
    dir = mkdtempSync(join(tmpdir(), 'checkpoint-'));
    const path = join(dir, 'app.db');
    db = openDatabase(path);
    return { path, db };
  }

  it('copies what this thread committed into the database file', async () => {
    const { path, db } = open();
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE filler (x BLOB)');
    db.transaction(() => { for (let i = 0; i < 200; i++) db.prepare('INSERT INTO filler VALUES (randomblob(10000))').run(); })();
    const before = statSync(path).size;
    pool = createTraitWorkerPool({ dbPath: path, size: 1 });
    await pool.checkpoint();
    // 2 MB of rows were only in the WAL; now the database file holds them.
    expect(statSync(path).size - before).toBeGreaterThan(2_000_000);
    // Closed, the pool starts no worker again: nothing to checkpoint, nothing to compute.
    await pool.close();
    await expect(pool.checkpoint()).resolves.toBeUndefined();
    await expect(pool.compute({ shopId: 1, domain: 'x', timeDependence: NO_TIME_DEPENDENCE, cartWindowMs: HOUR, checkoutWindowMs: HOUR }, [1], 0))
      .rejects.toThrow('The trait workers were closed.');
  });

  it('turns this thread\'s checkpoints off while any run writes, and back to what they were after the last', async () => {
    const { path, db } = open();
    db.pragma('wal_autocheckpoint = 700');
    pool = createTraitWorkerPool({ dbPath: path, size: 1 });
    const offload = createCheckpointOffload(db, pool, silentLogger);
    offload.pause();
    offload.pause();
    expect(autocheckpoint(db)).toBe(0);
    offload.soon();
    offload.resume();
    expect(autocheckpoint(db)).toBe(0);
    offload.resume();
    expect(autocheckpoint(db)).toBe(700);
    // One more resume than pauses changes nothing.
    offload.resume();
    expect(autocheckpoint(db)).toBe(700);
  });

  it('leaves checkpoints to this thread without workers', async () => {
    const { db } = open();
    pool = createTraitWorkerPool({ dbPath: '', size: 0 });
    const offload = createCheckpointOffload(db, pool, silentLogger);
    offload.pause();
    offload.soon();
    expect(autocheckpoint(db)).toBe(1000);
    offload.resume();
    expect(autocheckpoint(db)).toBe(1000);
  });

  it('are off during a background recompute with workers, and on again when it is done', async () => {
    const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
    world = createSegmentWorld(T0);
    const viewers = world.addSegment('Viewers', 'product_views >= 1');
    world.send(Array.from({ length: 50 }, (_, i) => shopperEvent(`v${i}`, 'Product_Viewed', T0 - HOUR)));
    const engine = createSegmentEngine({ db: world.db, clock: world.clock, logger: silentLogger, options: { abandonmentWindowMs: HOUR, workers: 1 } });
    try {
      expect(engine.background.start(world.shopId)).toBe(true);
      expect(autocheckpoint(world.db)).toBe(0);
      expect(await engine.background.settled(world.shopId)).toMatchObject({ status: 'done', profilesDone: 50 });
      expect(autocheckpoint(world.db)).toBe(1000);
      expect(world.members(viewers)).toHaveLength(50);
    } finally {
      await engine.stop();
    }
  });

  it('survive a shutdown in the middle of a recompute: no error once the database is closed', async () => {
    const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
    world = createSegmentWorld(T0);
    world.addSegment('Viewers', 'product_views >= 1');
    world.send(Array.from({ length: 400 }, (_, i) => shopperEvent(`v${i}`, 'Product_Viewed', T0 - HOUR)));
    const engine = createSegmentEngine({ db: world.db, clock: world.clock, logger: silentLogger, options: { abandonmentWindowMs: HOUR, workers: 1 } });
    expect(engine.background.start(world.shopId)).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    await engine.stop();
    const db = world.db;
    world.close();
    // The run ends after the close: resuming checkpoints must not touch the closed connection.
    const status = await engine.background.settled(world.shopId);
    expect(status.status).not.toBe('failed');
    expect(db.open).toBe(false);
    world = undefined;
  });
});

