import Database from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';
import { createProfileFactsQueries, type ProfileFactsQueries } from '../../db/profile-facts-queries.js';
import { createProfileTraitsQueries, type ProfileTraitsQueries } from '../../db/profile-traits-queries.js';
import { computeTraitChunk, type TraitChunk, type TraitShopContext } from './compute-trait-chunk.js';

/** A chunk of a full recompute, computed here on a connection of its own (create-trait-worker-pool.ts). */
export interface TraitTask {
  taskId: number;
  dbPath: string;
  context: TraitShopContext;
  profileIds: number[];
  now: number;
}

/** Copy the WAL's committed pages into the database file, here rather than in a commit of the main thread. */
export interface CheckpointTask {
  taskId: number;
  dbPath: string;
  checkpoint: true;
}

export type TraitTaskResult = { taskId: number; chunk: TraitChunk } | { taskId: number; error: string } | { taskId: number; checkpointed: true };

// One read-only connection per database file for the worker's life: opening costs more than a chunk.
const connections = new Map<string, { db: Database.Database; facts: ProfileFactsQueries; traits: ProfileTraitsQueries }>();

function queriesFor(path: string) {
  let queries = connections.get(path);
  if (!queries) {
    const db = new Database(path, { fileMustExist: true });
    // Reads only: the main thread is the one writer. query_only makes a mistake here fail loudly.
    db.pragma('query_only = 1');
    db.pragma('busy_timeout = 5000');
    // Each chunk's pages are read once: a large cache only holds memory (measured: 8 MB is as fast as 64).
    db.pragma('cache_size = -8192');
    queries = { db, facts: createProfileFactsQueries(db), traits: createProfileTraitsQueries(db) };
    connections.set(path, queries);
  }
  return queries;
}

/**
 * Rows that would not change are left out here rather than sent and compared on the main thread: on a
 * live shop that is nearly all of them, and the main thread is the one that writes.
 */
function computeChangedTraits(task: TraitTask): TraitChunk {
  const { facts, traits } = queriesFor(task.dbPath);
  const chunk = computeTraitChunk(facts, task.context, task.profileIds, task.now);
  return { ...chunk, rows: traits.changedOnly(task.context.shopId, chunk.rows) };
}

parentPort?.on('message', (task: TraitTask | CheckpointTask) => {
  let result: TraitTaskResult;
  try {
    if ('checkpoint' in task) {
      // PASSIVE: copies what no reader still needs, never waits for or blocks the writer (query_only allows it).
      queriesFor(task.dbPath).db.pragma('wal_checkpoint(PASSIVE)');
      result = { taskId: task.taskId, checkpointed: true };
    } else result = { taskId: task.taskId, chunk: computeChangedTraits(task) };
  } catch (err) {
    result = { taskId: task.taskId, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(result);
});
