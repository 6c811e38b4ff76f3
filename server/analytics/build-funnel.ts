import type { Funnel } from '../admin-api/admin-api-types.js';
import type { SessionStatsRow } from '../db/store-metrics-queries.js';
import { byDevice } from './build-store-metrics.js';

const STEPS: { key: Funnel['steps'][number]['key']; label: string; pick: (r: SessionStatsRow) => number }[] = [
  { key: 'sessions', label: 'Sessions', pick: (r) => r.sessions },
  { key: 'product_viewed', label: 'Viewed a product', pick: (r) => r.viewed },
  { key: 'cart_added', label: 'Added to cart', pick: (r) => r.carted },
  { key: 'checkout_started', label: 'Started checkout', pick: (r) => r.checkoutStarted },
  { key: 'purchased', label: 'Purchased', pick: (r) => r.purchased },
];

/** Pure: sessions that reached each step (had at least one such event), by the session's device. */
export function buildFunnel(days: number, sessions: readonly SessionStatsRow[]): Funnel {
  return { windowDays: days, steps: STEPS.map((s) => ({ key: s.key, label: s.label, counts: byDevice(sessions, s.pick) })) };
}
