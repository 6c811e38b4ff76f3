import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TraitChunk, TraitShopContext } from './compute-trait-chunk.js';
import type { CheckpointTask, TraitTask, TraitTaskResult } from './trait-worker.js';

export interface TraitWorkerPool {
  /** Workers available (0: compute on the calling thread). */
  readonly size: number;
  /** Tasks a worker has not answered yet. */
  pending(): number;
  compute(context: TraitShopContext, profileIds: number[], now: number): Promise<TraitChunk>;
  /**
   * A passive WAL checkpoint on a worker's connection, so that the main thread's commits need not run
   * one (the background recompute turns them off while it writes). Resolves when done.
   */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Worker threads that compute trait chunks of a full recompute while the main thread writes the chunks
 * before them: reading the facts is most of a recompute's cost, and SQLite in WAL mode lets any number
 * of connections read while one writes. Workers start on first use and live until close(). One per core
 * beyond the first (the main thread writes and computes too), at most 3.
 */
export function createTraitWorkerPool(options: { dbPath: string; size?: number; heapMb?: number }): TraitWorkerPool {
  const size = options.dbPath === '' || options.dbPath === ':memory:' ? 0 : options.size ?? Math.min(3, Math.max(0, availableParallelism() - 1));
  const workers: { worker: Worker; busy: number }[] = [];
  const waiting = new Map<number, { resolve(chunk?: TraitChunk): void; reject(err: Error): void }>();
  let nextTaskId = 1;

  // Bounded: V8 sizes a worker's heap by the machine's memory and collects lazily, and a worker left at
  // the defaults held about 270 MB after two full recomputes of 100,000 profiles (16 MB of young generation
  // and an old generation cap bring the whole process from 516 to 367 MB, at the same speed). A chunk that
  // needs more ends the worker; the recompute then computes that chunk on the main thread.
  const resourceLimits = { maxOldGenerationSizeMb: options.heapMb ?? 256, maxYoungGenerationSizeMb: 16 };

  function spawn(): { worker: Worker; busy: number } {
    const worker = new Worker(workerSource(), { eval: true, resourceLimits });
    const entry = { worker, busy: 0 };
    worker.on('message', (result: TraitTaskResult) => {
      // Held while it owes an answer, so a process waiting for one does not exit; idle, it keeps none alive.
      if (--entry.busy === 0) worker.unref();
      const task = waiting.get(result.taskId);
      waiting.delete(result.taskId);
      if ('error' in result) task?.reject(new Error(`A trait worker failed: ${result.error}`));
      else task?.resolve('chunk' in result ? result.chunk : undefined);
    });
    worker.on('error', (err) => {
      // A dead worker fails what it held; the recompute reports it and can be started again.
      for (const [id, task] of waiting) { waiting.delete(id); task.reject(err); }
      workers.splice(workers.indexOf(entry), 1);
    });
    worker.unref();
    return entry;
  }

  let closed = false;

  function send<T>(task: (taskId: number) => TraitTask | CheckpointTask): Promise<T> {
    if (size === 0) return Promise.reject(new Error('No trait workers: compute on the calling thread.'));
    if (closed) return Promise.reject(new Error('The trait workers were closed.'));
    while (workers.length < size) workers.push(spawn());
    const entry = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const taskId = nextTaskId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(taskId, { resolve: resolve as (chunk?: TraitChunk) => void, reject });
      if (entry.busy++ === 0) entry.worker.ref();
      entry.worker.postMessage(task(taskId));
    });
  }

  return {
    size,
    pending: () => waiting.size,
    compute(context, profileIds, now) {
      return send<TraitChunk>((taskId) => ({ taskId, dbPath: options.dbPath, context, profileIds, now }));
    },
    checkpoint() {
      // Closed (the engine is stopping): the main connection checkpoints on its own again, or when it closes.
      if (closed) return Promise.resolve();
      return send<void>((taskId) => ({ taskId, dbPath: options.dbPath, checkpoint: true }));
    },
    async close() {
      closed = true;
      const all = workers.splice(0);
      await Promise.all(all.map((w) => w.worker.terminate()));
      for (const [id, task] of waiting) { waiting.delete(id); task.reject(new Error('The trait workers were closed.')); }
    },
  };
}

/**
 * Under tsx (npm start, tests) this module is TypeScript, and so is the worker: Node 20 does not apply
 * `--import tsx` to a worker's entry file, so the worker registers tsx's loader itself, then imports it.
 */
function workerSource(): string {
  const typescript = import.meta.url.endsWith('.ts');
  const entry = new URL(`./trait-worker.${typescript ? 'ts' : 'js'}`, import.meta.url).href;
  if (!typescript) return `import(${JSON.stringify(entry)});`;
  // The ESM build of tsx/esm/api (its package.json "exports"), found from this file rather than the cwd.
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(join(dirname(manifest), 'dist/esm/api/index.mjs')).href;
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}
