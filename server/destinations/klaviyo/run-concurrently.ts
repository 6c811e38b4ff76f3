/**
 * Runs fn over items with at most `limit` in flight, results in input order. The rate limiter paces the
 * calls; this only keeps a few requests on the wire so round trips do not hold the pace below the ceiling.
 */
export async function runConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
