import type { DeviceKey, StoreMetrics, StoreRate } from '../admin-api/admin-api-types.js';
import { METRIC_BENCHMARKS } from '../benchmarks/industry-benchmarks.js';
import type { SessionStatsRow } from '../db/store-metrics-queries.js';

export const DEVICE_KEYS: readonly DeviceKey[] = ['mobile', 'desktop', 'tablet'];
const DAY_MS = 86_400_000;

export const rate = (numerator: number, denominator: number): StoreRate => ({
  value: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000, numerator, denominator,
});

/** Sums a column per device key and over all sessions ('unknown' devices count in `all` only). */
export function byDevice(rows: readonly SessionStatsRow[], pick: (row: SessionStatsRow) => number): Record<DeviceKey | 'all', number> {
  const out: Record<DeviceKey | 'all', number> = { all: 0, mobile: 0, desktop: 0, tablet: 0 };
  for (const row of rows) {
    out.all += pick(row);
    if ((DEVICE_KEYS as readonly string[]).includes(row.device)) out[row.device as DeviceKey] += pick(row);
  }
  return out;
}

function rates(rows: readonly SessionStatsRow[], num: (r: SessionStatsRow) => number, den: (r: SessionStatsRow) => number) {
  const n = byDevice(rows, num);
  const d = byDevice(rows, den);
  return { all: rate(n.all, d.all), mobile: rate(n.mobile, d.mobile), desktop: rate(n.desktop, d.desktop), tablet: rate(n.tablet, d.tablet) };
}

/** Pure: the store's figures over the last `days` days (docs/api.md#store-metrics), with the benchmarks to compare them to. */
export function buildStoreMetrics(input: {
  days: number; now: number; sessions: readonly SessionStatsRow[]; recovery: { abandoned: number; recovered: number };
}): StoreMetrics {
  return {
    windowDays: input.days,
    from: new Date(input.now - input.days * DAY_MS).toISOString(),
    to: new Date(input.now).toISOString(),
    conversionRate: rates(input.sessions, (r) => r.purchased, (r) => r.sessions),
    cartAbandonment: rates(input.sessions, (r) => r.cartAbandoned, (r) => r.carted),
    checkoutRecovery: rate(input.recovery.recovered, input.recovery.abandoned),
    benchmarks: METRIC_BENCHMARKS,
  };
}
