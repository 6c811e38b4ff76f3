import type { SegmentRow } from '../../db/segment-queries.js';
import type { RefreshPolicy } from '../governance/segment-governance.js';

const HOUR_MS = 3_600_000;

/** How old a segment's last evaluation may be before the API flags it stale, per refresh policy. */
export const STALE_AFTER_MS: Record<RefreshPolicy, number> = {
  // Live segments are evaluated on every change and heartbeated every 30 s while nothing waits in the
  // queue: five minutes without that means the engine is stuck or far behind.
  live: 5 * 60_000,
  hourly: 2 * HOUR_MS,
  daily: 26 * HOUR_MS,
};

/**
 * Whether a segment needs every profile evaluated now: never evaluated (new, or its query changed),
 * or its hourly/daily period has passed. Live segments are otherwise kept current profile by profile.
 */
export function fullEvaluationDue(segment: Pick<SegmentRow, 'refreshedAt' | 'refreshPolicy'>, now: number): boolean {
  if (segment.refreshedAt === null) return true;
  if (segment.refreshPolicy === 'hourly') return now - segment.refreshedAt >= HOUR_MS;
  if (segment.refreshPolicy === 'daily') return now - segment.refreshedAt >= 24 * HOUR_MS;
  return false;
}
