import { STALE_AFTER_MS } from '../live/full-evaluation-due.js';
import type { ActivationChannel, RefreshPolicy } from './segment-governance.js';

export interface GovernedSegment {
  id: number;
  status: 'active' | 'paused';
  activationChannel: ActivationChannel | string;
  activationPlan: string;
  refreshPolicy: RefreshPolicy | string;
  refreshedAt: number | null;
}

export interface SegmentWarning {
  code: 'activation_not_distinct' | 'segment_stale';
  message: string;
  segmentIds: number[];
}

/** More active segments than this without their own activation is the playbook's warning sign. */
export const MAX_UNDIFFERENTIATED_SEGMENTS = 4;

const normalize = (plan: string) => plan.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Whether a segment's last evaluation is older than its refresh policy allows. */
export function isStale(segment: Pick<GovernedSegment, 'status' | 'refreshPolicy' | 'refreshedAt'>, now: number): boolean {
  if (segment.status !== 'active' || segment.refreshedAt === null) return false;
  const limit = STALE_AFTER_MS[segment.refreshPolicy as RefreshPolicy] ?? STALE_AFTER_MS.daily;
  return now - segment.refreshedAt > limit;
}

/**
 * A segment nobody treats differently is a report, not a segment. Active segments with no activation
 * (channel none or an empty plan) or with the same channel and plan as another active segment have no
 * distinct activation; more than 4 of them is flagged. Stale segments are flagged too.
 */
export function segmentWarnings(segments: readonly GovernedSegment[], now: number): SegmentWarning[] {
  const active = segments.filter((s) => s.status === 'active');
  const undifferentiated = undifferentiatedSegmentIds(segments);
  const warnings: SegmentWarning[] = [];
  if (undifferentiated.length > MAX_UNDIFFERENTIATED_SEGMENTS) {
    warnings.push({
      code: 'activation_not_distinct',
      message: `${undifferentiated.length} active segments have no activation of their own (none, empty, or the same as another segment's). Give each a distinct activation plan or pause it.`,
      segmentIds: undifferentiated,
    });
  }
  const stale = active.filter((s) => isStale(s, now)).map((s) => s.id);
  if (stale.length > 0) {
    warnings.push({ code: 'segment_stale', message: `${stale.length} segment(s) were not refreshed within their refresh policy.`, segmentIds: stale });
  }
  return warnings;
}

/** Ids of the active segments with no distinct activation (none, an empty plan, or the same channel and plan as another active segment). */
export function undifferentiatedSegmentIds(segments: readonly GovernedSegment[]): number[] {
  const active = segments.filter((s) => s.status === 'active');
  const keyOf = (s: GovernedSegment) => (s.activationChannel === 'none' || normalize(s.activationPlan) === '' ? null : `${s.activationChannel}|${normalize(s.activationPlan)}`);
  const uses = new Map<string, number>();
  for (const s of active) {
    const key = keyOf(s);
    if (key !== null) uses.set(key, (uses.get(key) ?? 0) + 1);
  }
  return active.filter((s) => { const key = keyOf(s); return key === null || uses.get(key)! > 1; }).map((s) => s.id);
}
