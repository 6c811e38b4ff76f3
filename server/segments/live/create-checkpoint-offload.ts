import type { Db } from '../../db/open-database.js';
import type { Logger } from '../../logger.js';
import type { TraitWorkerPool } from './create-trait-worker-pool.js';

export interface CheckpointOffload {
  /** A full recompute starts writing: this thread's commits stop checkpointing (nested runs count). */
  pause(): void;
  /** Asks a worker to checkpoint what was committed so far, unless one is already at it. */
  soon(): void;
  /** A run ended: one last checkpoint on a worker; this thread checkpoints again when no run is left. */
  resume(): void;
}

/**
 * WAL checkpoints of a full recompute, on a trait worker's connection instead of in this thread's commits.
 * SQLite runs a checkpoint inside the commit that pushes the WAL past 1,000 pages: during a shop's first
 * build that is the main thread copying and syncing ~200 MB, 0.35 s of it after the final transaction
 * alone, while the workers sit idle (docs/performance.md, "Session 5"). A passive checkpoint on another
 * connection never blocks this thread's writes. Without workers nothing changes.
 */
export function createCheckpointOffload(db: Db, pool: TraitWorkerPool, logger: Logger): CheckpointOffload {
  let runs = 0;
  let restoreTo = 0;
  let running: Promise<void> | null = null;
  let again = false;

  const start = (): void => {
    running = pool.checkpoint().catch((err: unknown) => {
      // A worker that died takes its checkpoint with it: the next one (or this thread's, later) covers it.
      logger.warn('WAL checkpoint on a trait worker failed', { error: err instanceof Error ? err.message : String(err) });
    }).finally(() => {
      running = null;
      if (again) { again = false; start(); }
    });
  };

  return {
    pause() {
      if (pool.size === 0) return;
      if (runs++ === 0) {
        restoreTo = db.pragma('wal_autocheckpoint', { simple: true }) as number;
        db.pragma('wal_autocheckpoint = 0');
      }
    },
    soon() {
      if (runs > 0 && running === null) start();
    },
    resume() {
      if (pool.size === 0 || runs === 0) return;
      // The last commit came after the checkpoint now running, if any: one more after it.
      if (running === null) start();
      else again = true;
      // A run stopped by a shutdown can end after the connection closed: closing checkpointed it already.
      if (--runs === 0 && db.open) db.pragma(`wal_autocheckpoint = ${restoreTo}`);
    },
  };
}
