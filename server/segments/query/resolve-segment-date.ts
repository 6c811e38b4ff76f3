import type { DateValue } from './segment-query-ast.js';

export const DAY_MS = 86_400_000;

/** A resolved bound: its start in ms (UTC) and the unit it is compared in (whole days or seconds). */
export interface ResolvedSegmentDate {
  startMs: number;
  unitMs: number;
}

/**
 * Turns a written date into an instant. Named dates and offsets count whole days back from the UTC day of
 * `nowMs`, so `-7d` is "the day seven days ago", as in Shopify. Month and year offsets keep the day of the
 * month and clamp to the month's last day (2025-03-31 minus 1m is 2025-02-28).
 */
export function resolveSegmentDate(value: DateValue, nowMs: number): ResolvedSegmentDate {
  if (value.type === 'date') return { startMs: Date.UTC(value.year, value.month - 1, value.day), unitMs: DAY_MS };
  if (value.type === 'datetime') {
    return { startMs: Date.UTC(value.year, value.month - 1, value.day, value.hour, value.minute, value.second), unitMs: 1_000 };
  }
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  if (value.type === 'named') return { startMs: value.name === 'today' ? today : today - DAY_MS, unitMs: DAY_MS };
  if (value.unit === 'd' || value.unit === 'w') {
    return { startMs: today + value.amount * (value.unit === 'w' ? 7 : 1) * DAY_MS, unitMs: DAY_MS };
  }
  const date = new Date(today);
  const months = date.getUTCMonth() + value.amount * (value.unit === 'y' ? 12 : 1);
  const year = date.getUTCFullYear() + Math.floor(months / 12);
  const month = ((months % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return { startMs: Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)), unitMs: DAY_MS };
}

const DURATION_UNIT_MS = { min: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS } as const;

/** A written length of time (`30min`, `1h`, `2d`, `1w`) in ms. */
export function resolveSegmentDuration(value: { amount: number; unit: keyof typeof DURATION_UNIT_MS }): number {
  return value.amount * DURATION_UNIT_MS[value.unit];
}
