/**
 * At most `max` tasks in flight; the rest wait in arrival order. Mailchimp allows 10 simultaneous
 * connections per API key and answers 429 past that (email-tools.md §B.6), so its client runs every
 * request through one of these set to 9. Share one limiter between clients that use the same key.
 */
export interface ConcurrencyLimiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Most tasks that ever ran at once (tests and the benchmark). */
  readonly peak: number;
}

export function createConcurrencyLimiter(max: number): ConcurrencyLimiter {
  if (!Number.isInteger(max) || max < 1) throw new Error('A concurrency limit is a positive integer.');
  let active = 0;
  let peak = 0;
  const waiting: Array<() => void> = [];

  const release = () => {
    const next = waiting.shift();
    if (next) next(); // the slot passes to the next waiter as is
    else active -= 1;
  };

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      // A slot handed over by release() keeps `active` unchanged, so no newcomer can slip in between.
      if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
      else active += 1;
      peak = Math.max(peak, active);
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() { return active; },
    get peak() { return peak; },
  };
}
