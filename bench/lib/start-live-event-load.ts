import type { StoredEvent } from '../../server/ingest/stored-event.js';

export interface LiveLoadStats {
  events: number;
  batches: number;
  elapsedMs: number;
  eventsPerSecond: number;
  /** Largest backlog found at a tick, in ms of schedule (0 when every tick found only its own share). */
  maxBehindMs: number;
  /** Ticks that found more than two ticks' worth of events due: the process was busy elsewhere. */
  lateTicks: number;
  ticks: number;
  /** Events written in each wall-clock second of the run: uneven seconds show where the sender stalled. */
  perSecond: number[];
}

export interface LiveLoad {
  /** Batches written so far (each is one writer transaction). */
  writes(): number;
  /** When event number `index` (from 0) was due by the schedule (epoch ms): later if the sender was held up. */
  scheduledAt(index: number): number;
  done: Promise<LiveLoadStats>;
}

/**
 * A steady stream of events from this process: every tick, the events the schedule (rate per second
 * since the start) says are due are made with the current time and written in batches of `batchEvents`.
 * A tick that finds a backlog (the engine held the thread) catches up, as a server would after a pause.
 */
export function startLiveEventLoad(options: {
  rate: number; seconds: number; batchEvents: number; tickMs: number;
  next(now: number): StoredEvent;
  /** Writes one batch; `firstIndex` numbers its first event in the run. */
  send(batch: StoredEvent[], firstIndex: number): void;
}): LiveLoad {
  const durationMs = options.seconds * 1000;
  const stats: LiveLoadStats = { events: 0, batches: 0, elapsedMs: 0, eventsPerSecond: 0, maxBehindMs: 0, lateTicks: 0, ticks: 0, perSecond: [] };
  const start = performance.now();
  const startEpoch = Date.now();
  let resolve!: (s: LiveLoadStats) => void;
  const done = new Promise<LiveLoadStats>((r) => { resolve = r; });
  const tick = () => {
    const elapsed = Math.min(performance.now() - start, durationMs);
    let due = Math.floor((elapsed * options.rate) / 1000) - stats.events;
    stats.ticks++;
    const behindMs = (due * 1000) / options.rate - options.tickMs;
    if (behindMs > stats.maxBehindMs) stats.maxBehindMs = behindMs;
    if (behindMs > options.tickMs) stats.lateTicks++;
    while (due > 0) {
      const n = Math.min(options.batchEvents, due);
      const now = Date.now();
      const batch: StoredEvent[] = [];
      for (let i = 0; i < n; i++) batch.push(options.next(now));
      options.send(batch, stats.events);
      const second = Math.min(Math.floor((performance.now() - start) / 1000), options.seconds - 1);
      stats.perSecond[second] = (stats.perSecond[second] ?? 0) + n;
      stats.batches++;
      stats.events += n;
      due -= n;
    }
    if (elapsed >= durationMs) {
      clearInterval(timer);
      stats.elapsedMs = performance.now() - start;
      stats.eventsPerSecond = stats.events / (durationMs / 1000);
      resolve(stats);
    }
  };
  const timer = setInterval(tick, options.tickMs);
  return { writes: () => stats.batches, scheduledAt: (index) => startEpoch + ((index + 1) * 1000) / options.rate, done };
}
