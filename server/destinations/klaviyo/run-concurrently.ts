/**
 * Runs fn over items with at most `limit` in flight, results in input order. The rate limiter paces the
 * calls; this only keeps a few requests on the wire so round trips do not hold the pace below the ceiling.
 * After a failure no new item starts, and the first failure is thrown only once the calls in flight are
 * answered, so nothing of a failed call keeps running after it.
 */
export async function runConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (next < items.length && failures.length === 0) {
      const index = next;
      next += 1;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
  return results;
}
