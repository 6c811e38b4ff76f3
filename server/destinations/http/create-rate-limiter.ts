import type { Clock } from '../../clock.js';

/** A remote's published ceiling for one group of endpoints: a burst (per second) and a steady (per minute) budget. */
export interface RateTier {
  burstPerSecond: number;
  steadyPerMinute: number;
}

/** Call once the request has been answered (or has failed): its slot then ages out of the windows. */
export type ReleaseSlot = () => void;

export interface RateLimiter {
  /**
   * Resolves when one more request of this tier may be sent. Callers are served in order, 'high' ones
   * first: a request others wait on (a job's next step) need not queue behind bulk calls.
   */
  acquire(tier: string, priority?: 'high' | 'normal'): Promise<ReleaseSlot>;
}

export interface RateLimiterOptions<T extends string> {
  tiers: Readonly<Record<T, RateTier>>;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  /**
   * Added to each window (default 5 ms). Windows are timed on our clock from an answer, which comes after
   * the remote counted the request, so only timer and clock granularity (1 ms each way) need covering; each
   * extra millisecond is paid once per burst, 25 ms cost the M tier 2 % of its rate.
   */
  marginMs?: number;
  /** Monotonic real milliseconds, used only once the clock proves not to follow sleeps (default performance.now). */
  realNow?: () => number;
}

const WINDOWS = [['burstPerSecond', 1000], ['steadyPerMinute', 60_000]] as const;

interface Waiter {
  high: boolean;
  grant: (release: ReleaseSlot) => void;
  fail: (error: unknown) => void;
}

interface Bucket {
  /** When answered requests got their answer, ascending. */
  answered: number[];
  inFlight: number;
  /** Waiting acquisitions; one pump per tier grants them one after another. */
  queue: Waiter[];
  pumping: boolean;
  released: (() => void)[];
}

/**
 * Paces requests so neither window is ever exceeded at the remote, counted over sliding windows (which
 * also holds for any fixed window the remote may use). A request counts from when it is sent until a
 * window after its answer: it reached the remote somewhere in between, so however long the network
 * took, no window there can hold more than the limit. Sleeps are computed once, never polled, so a
 * frozen test clock cannot stall it.
 */
export function createRateLimiter<T extends string>(options: RateLimiterOptions<T>): RateLimiter {
  const margin = options.marginMs ?? 5;
  const realNow = options.realNow ?? (() => performance.now());
  const buckets = new Map<string, Bucket>();
  // The remote counts real time. A clock that did not move across one of our sleeps is frozen (a test
  // app's fixed clock with real sleeps): from then on real time elapsed is added, so windows still expire.
  let realSince: number | null = null;
  const now = () => options.clock.now() + (realSince === null ? 0 : realNow() - realSince);

  const bucketOf = (tier: string): Bucket => {
    let bucket = buckets.get(tier);
    if (!bucket) buckets.set(tier, (bucket = { answered: [], inFlight: 0, queue: [], pumping: false, released: [] }));
    return bucket;
  };

  /** ms to wait before the next request, or null when only an answer still in flight can free a slot. */
  const waitFor = (tier: RateTier, bucket: Bucket, now: number): number | null => {
    while ((bucket.answered[0] ?? Infinity) <= now - 60_000 - margin) bucket.answered.shift();
    let wait = 0;
    for (const [field, windowMs] of WINDOWS) {
      const recent = bucket.answered.filter((at) => at > now - windowMs - margin);
      const excess = recent.length + bucket.inFlight - tier[field] + 1;
      if (excess <= 0) continue;
      const expiring = recent[excess - 1];
      if (expiring === undefined) return null;
      wait = Math.max(wait, expiring + windowMs + margin - now);
    }
    return wait;
  };

  /** Sleeps until this tier may send one more request (or until an answer frees a slot). */
  const untilFree = async (tier: RateTier, bucket: Bucket): Promise<void> => {
    for (;;) {
      const before = now();
      const wait = waitFor(tier, bucket, before);
      if (wait === null) {
        await new Promise<void>((resolve) => bucket.released.push(resolve));
        continue;
      }
      if (wait > 0) {
        const realBefore = realNow();
        await options.sleep(wait);
        // Frozen only if the clock did not move at all while real time did, by more than the clock's
        // 1 ms granularity: a timer can fire early (the event loop's cached time), and a 1 ms sleep can end
        // before Date.now ticks. A real clock taken for frozen would count real time twice and let windows
        // expire too soon (429s).
        if (realSince === null && now() === before && realNow() - realBefore >= Math.max(2, wait / 2)) realSince = realBefore;
      }
      return;
    }
  };

  const releaseOf = (bucket: Bucket): ReleaseSlot => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      bucket.inFlight -= 1;
      const at = now();
      bucket.answered.push(at);
      if ((bucket.answered.at(-2) ?? at) > at) bucket.answered.sort((a, b) => a - b);
      for (const wake of bucket.released.splice(0)) wake();
    };
  };

  // The waiter is chosen once the slot is free, so a 'high' one that arrived during the wait goes next.
  const next = (bucket: Bucket): Waiter => {
    const high = bucket.queue.findIndex((w) => w.high);
    return bucket.queue.splice(high === -1 ? 0 : high, 1)[0] as Waiter;
  };

  const pump = async (tier: RateTier, bucket: Bucket): Promise<void> => {
    bucket.pumping = true;
    while (bucket.queue.length > 0) {
      try {
        await untilFree(tier, bucket);
      } catch (error) {
        next(bucket).fail(error);
        continue;
      }
      bucket.inFlight += 1;
      next(bucket).grant(releaseOf(bucket));
    }
    bucket.pumping = false;
  };

  return {
    acquire(tierName, priority = 'normal') {
      const tier = options.tiers[tierName as T];
      if (!tier) return Promise.reject(new Error(`Unknown rate tier ${tierName}`));
      const bucket = bucketOf(tierName);
      return new Promise<ReleaseSlot>((grant, fail) => {
        bucket.queue.push({ high: priority === 'high', grant, fail });
        if (!bucket.pumping) void pump(tier, bucket);
      });
    },
  };
}
