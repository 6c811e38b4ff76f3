import { Worker } from 'node:worker_threads';

export interface RssSampler {
  /** Starts a new phase: the peak so far is forgotten. */
  reset(): void;
  /** Highest resident set size sampled since the last reset, in MB. */
  peakMb(): number;
  samples(): number;
  stop(): Promise<void>;
}

// Plain JavaScript, evaluated in the worker: no loader needed. RSS is the whole process's, whatever thread reads it.
const SAMPLER = `
const { workerData } = require('node:worker_threads');
const cells = new Int32Array(workerData.buffer);
setInterval(() => {
  const kb = Math.round(process.memoryUsage.rss() / 1024);
  if (kb > Atomics.load(cells, 0)) Atomics.store(cells, 0, kb);
  Atomics.add(cells, 1, 1);
}, workerData.intervalMs);
`;

/**
 * Samples the process's RSS every `intervalMs` from a worker thread, so the samples keep coming while
 * the main thread is inside a long synchronous call (a full recompute is one): a timer on the main
 * thread would not fire until it returned. The worker's own isolate adds a few MB to what it measures.
 */
export function startRssSampler(intervalMs = 100): RssSampler {
  const buffer = new SharedArrayBuffer(8);
  const cells = new Int32Array(buffer);
  const worker = new Worker(SAMPLER, { eval: true, workerData: { buffer, intervalMs } });
  worker.unref();
  return {
    reset() {
      Atomics.store(cells, 0, Math.round(process.memoryUsage.rss() / 1024));
      Atomics.store(cells, 1, 0);
    },
    peakMb: () => Math.max(Atomics.load(cells, 0), Math.round(process.memoryUsage.rss() / 1024)) / 1024,
    samples: () => Atomics.load(cells, 1),
    stop: async () => { await worker.terminate(); },
  };
}
