/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or
 * unreadable, so the engine applies its own default. Capped at an hour: a remote asking for longer is
 * treated as asking for an hour, and the next attempt asks again.
 */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, 3_600_000);
  // An HTTP date names its weekday and month; a bare number like "-5" is not one, whatever Date.parse says.
  const at = /[a-z]{3}/i.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - nowMs), 3_600_000);
}
