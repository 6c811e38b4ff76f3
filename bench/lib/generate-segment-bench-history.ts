import type { StoredEvent } from '../../server/ingest/stored-event.js';
import { benchShopperWeight, planBenchShopper } from './plan-bench-shopper.js';
import { simulateBenchShopper } from './simulate-bench-shopper.js';

export interface SegmentBenchHistoryOptions {
  seed: number;
  shoppers: number;
  /** Total events wanted; the history lands within a session's worth of it. */
  events: number;
  /** Length of the history, ending at `now`. */
  days: number;
  now: number;
  /** Events per yielded chunk (whole shoppers, so a chunk may be a little larger). */
  chunkSize: number;
}

/**
 * The segment benchmark's shop history, as chunks of StoredEvent for the real ingestion writer, one
 * shopper after another (bounded memory). Deterministic for a seed: each shopper draws from its own
 * stream. Every shopper's share of the events is fixed up front (a log-normal weight), and each one's
 * budget is what keeps the running total on the cumulative target, so the total lands near `events`.
 */
export function* generateSegmentBenchHistory(options: SegmentBenchHistoryOptions): Generator<StoredEvent[], void, undefined> {
  const cumulative = new Float64Array(options.shoppers);
  let total = 0;
  for (let i = 0; i < options.shoppers; i++) {
    total += benchShopperWeight(options.seed, i, planBenchShopper(options.seed, i).plan.orders);
    cumulative[i] = total;
  }
  let emitted = 0;
  let chunk: StoredEvent[] = [];
  for (let i = 0; i < options.shoppers; i++) {
    const target = Math.round((options.events * cumulative[i]!) / total);
    const { plan, rng } = planBenchShopper(options.seed, i);
    emitted += simulateBenchShopper(rng, plan, Math.max(2, target - emitted), options.now, options.days, chunk);
    if (chunk.length >= options.chunkSize) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
