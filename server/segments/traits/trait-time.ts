export const DAY_MS = 86_400_000;

/** Funnel stage, engagement depth and friction score look at this much recent behavior. */
export const RECENT_WINDOW_MS = 30 * DAY_MS;

/**
 * Half-open on the old side: an event at t counts while nowMs < t + 30 days, so it leaves the window
 * exactly at t + RECENT_WINDOW_MS, the instant recheckAt names. Later (clock-skewed) events count too.
 */
export function isRecent(occurredAt: number, nowMs: number): boolean {
  return occurredAt > nowMs - RECENT_WINDOW_MS;
}

export function dayStartUtc(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Index of the first element of an ascending array that is > value (length when none). */
export function firstAbove(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Sums of prices carry binary noise (0.1 + 0.2); 6 decimals removes it without hiding any currency's minor unit. */
export function roundAmount(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
