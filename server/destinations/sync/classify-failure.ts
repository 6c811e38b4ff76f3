/**
 * What the engine does after a remote call, decided by the HTTP status alone (status 0 = network error
 * or timeout). The table is data so docs/destinations.md and the tests read the same rules.
 */
export type StatusClass = 'ok' | 'final' | 'pause' | 'wait' | 'retry';

/** First match wins; `to` defaults to `from`. */
export const STATUS_CLASSES: readonly { from: number; to?: number; statusClass: StatusClass; why: string }[] = [
  { from: 200, to: 299, statusClass: 'ok', why: 'accepted' },
  { from: 401, statusClass: 'pause', why: 'credentials refused: the merchant must fix them, retrying cannot' },
  { from: 403, statusClass: 'pause', why: 'permissions refused: the merchant must fix them, retrying cannot' },
  { from: 429, statusClass: 'wait', why: 'throttled: wait Retry-After, the attempt is not spent' },
  { from: 0, statusClass: 'retry', why: 'no answer (network error or timeout): transient' },
  { from: 408, statusClass: 'retry', why: 'the remote timed out: transient' },
  { from: 500, to: 599, statusClass: 'retry', why: 'the remote failed: transient' },
  { from: 400, statusClass: 'final', why: 'the remote refused the content: the same request fails again' },
  { from: 404, statusClass: 'final', why: 'not found: the same request fails again' },
  { from: 409, statusClass: 'final', why: 'conflict with the remote state: the same request fails again' },
  { from: 422, statusClass: 'final', why: 'the remote refused the content: the same request fails again' },
  // Any other 4xx is about the request too; anything else (1xx, 3xx, unknown) is treated as transient.
  { from: 400, to: 499, statusClass: 'final', why: 'other client errors' },
];

export const RETRY_POLICY = {
  /** Attempts (failed calls) before an operation goes dead. */
  maxAttempts: 8,
  baseDelayMs: 5_000,
  factor: 2,
  maxDelayMs: 10 * 60_000,
  /** A 429 without Retry-After waits this long. */
  defaultRetryAfterMs: 10_000,
} as const;

export function statusClassOf(status: number): StatusClass {
  const entry = STATUS_CLASSES.find((e) => status >= e.from && status <= (e.to ?? e.from));
  return entry?.statusClass ?? 'retry';
}

/**
 * Backoff before the next attempt after `failedAttempts` failures (1-based): base × 2^(n-1), capped,
 * with "equal jitter" (half fixed, half random) so retries of one outage spread out yet never collapse to 0.
 */
export function retryDelayMs(failedAttempts: number, random: () => number = Math.random): number {
  const exponential = RETRY_POLICY.baseDelayMs * RETRY_POLICY.factor ** Math.max(0, failedAttempts - 1);
  const capped = Math.min(RETRY_POLICY.maxDelayMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}

export type FailureDecision =
  | { action: 'pause' }
  /** Try again after delayMs; attempts unchanged. */
  | { action: 'wait'; delayMs: number }
  /** Try again after delayMs; attempts is the new count (one spent). */
  | { action: 'retry'; delayMs: number; attempts: number }
  /** Never again: the operation is dead. attempts is the new count. */
  | { action: 'dead'; attempts: number };

/** The decision for one failed call (or one item of it) whose operation had `attempts` failures before. */
export function classifyFailure(failure: { status: number; retryAfterMs?: number | null }, attempts: number, random: () => number = Math.random): FailureDecision {
  switch (statusClassOf(failure.status)) {
    case 'pause':
      return { action: 'pause' };
    case 'wait':
      return { action: 'wait', delayMs: Math.max(0, failure.retryAfterMs ?? RETRY_POLICY.defaultRetryAfterMs) };
    case 'final':
      return { action: 'dead', attempts: attempts + 1 };
    case 'ok':
    case 'retry': {
      // 'ok' here is a client that threw with a 2xx status (a body it could not read): transient.
      const spent = attempts + 1;
      return spent >= RETRY_POLICY.maxAttempts ? { action: 'dead', attempts: spent } : { action: 'retry', delayMs: retryDelayMs(spent, random), attempts: spent };
    }
  }
}
