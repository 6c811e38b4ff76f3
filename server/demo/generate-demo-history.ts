import type { StoredEvent } from '../ingest/stored-event.js';
import { createSeededRandom } from './create-seeded-random.js';
import { planDemoShopper } from './plan-demo-shopper.js';
import { simulateDemoSession, type ShopperState } from './simulate-demo-session.js';

export const DEFAULT_DEMO_SEED = 20240901;
export const DEFAULT_CHUNK_SIZE = 5000;

export interface DemoHistoryOptions {
  seed: number;
  shoppers: number;
  /** Length of the history, ending at `now`. */
  days: number;
  /** Milliseconds since the epoch; only shifts times, never ids. */
  now: number;
  /** Events per yielded chunk (a chunk holds whole shoppers, so it may be a little larger). */
  chunkSize?: number;
}

/**
 * The demo shop's history as chunks of StoredEvent (source 'demo-seed'), one shopper after another,
 * so a seed of any size runs in bounded memory. Pure and deterministic: each shopper draws from its
 * own random stream (seed, shopper index), so the same options give the same events, ids included,
 * and chunk size changes only where chunks are cut.
 */
export function* generateDemoHistory(options: DemoHistoryOptions): Generator<StoredEvent[], void, undefined> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  let chunk: StoredEvent[] = [];
  for (let index = 0; index < options.shoppers; index++) {
    const rng = createSeededRandom(options.seed, index);
    const plan = planDemoShopper(rng, index, options.now, options.days);
    const shopper: ShopperState = { devices: plan.devices.map(() => ({ cart: null, loggedIn: false })), orders: 0 };
    for (const session of plan.sessions) simulateDemoSession(rng, plan, session, shopper, chunk);
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
