export interface RateLimiter {
  /** Takes one token for `key`; returns 0 when allowed, else the seconds to wait before retrying. */
  take(key: string): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets in memory: `perSecond` tokens per second, bursts up to one second's worth.
 * Keys (IP addresses among them) live only here. Full buckets are swept when the map grows,
 * so an address flood cannot grow memory without bound. `now` is monotonic milliseconds.
 */
export function createRateLimiter(options: { perSecond: number; now: () => number; maxKeys?: number }): RateLimiter {
  const { perSecond, now } = options;
  const capacity = Math.max(1, perSecond);
  const maxKeys = options.maxKeys ?? 100_000;
  const buckets = new Map<string, Bucket>();

  const sweep = (t: number) => {
    for (const [key, bucket] of buckets) if (bucket.tokens + ((t - bucket.at) / 1000) * perSecond >= capacity) buckets.delete(key);
    // Still too many live buckets (an address flood): start over rather than grow.
    if (buckets.size >= maxKeys) buckets.clear();
  };

  return {
    take(key) {
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) sweep(t);
        bucket = { tokens: capacity, at: t };
        buckets.set(key, bucket);
      } else {
        bucket.tokens = Math.min(capacity, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
        bucket.at = t;
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    },
  };
}
