import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import type { Logger } from '../logger.js';
import { runRetention } from './run-retention.js';

const HOUR_MS = 3_600_000;
/** The first run waits a little so a starting server answers its first requests first. */
const FIRST_RUN_DELAY_MS = 30_000;

export interface RetentionJob {
  start(): void;
  stop(): void;
}

/**
 * Runs retention every hour (a shop's cutoff moves by the day, so hourly keeps every shop within an
 * hour of its setting). Timers are unref'd: they never keep the process alive. A failure is logged and
 * the next run tries again.
 */
export function createRetentionJob(deps: { db: Db; clock: Clock; logger: Logger; defaultDays: number }): RetentionJob {
  let first: NodeJS.Timeout | null = null;
  let every: NodeJS.Timeout | null = null;
  const run = () => {
    try {
      for (const r of runRetention(deps, deps.clock.now())) {
        deps.logger.info('retention: old events deleted', { shopId: r.shopId, deleted: r.deleted, cutoff: new Date(r.cutoff).toISOString() });
      }
    } catch (err) {
      deps.logger.error('retention run failed', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  return {
    start() {
      if (first || every) return;
      first = setTimeout(run, FIRST_RUN_DELAY_MS);
      every = setInterval(run, HOUR_MS);
      first.unref();
      every.unref();
    },
    stop() {
      if (first) clearTimeout(first);
      if (every) clearInterval(every);
      first = every = null;
    },
  };
}
