/** Milliseconds before a failed webhook job runs again: 10 s after the first failure, doubling, at most 1 hour. */
export function webhookRetryDelay(failedAttempts: number, baseMs = 10_000, maxMs = 60 * 60 * 1000): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 30));
}
