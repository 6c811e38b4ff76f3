import type { Segment } from './segment-types.js';

const normalize = (plan: string) => plan.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * Active segments without an activation of their own: channel none, an empty plan, or the same channel
 * and plan as another active segment (the rule of server/segments/governance/segment-warnings.ts, per row).
 */
export function undistinctSegmentIds(segments: readonly Segment[]): Set<number> {
  const active = segments.filter((s) => s.status === 'active');
  const keyOf = (s: Segment) => (s.activation.channel === 'none' || normalize(s.activation.plan) === '' ? null : `${s.activation.channel}|${normalize(s.activation.plan)}`);
  const uses = new Map<string, number>();
  for (const s of active) {
    const key = keyOf(s);
    if (key !== null) uses.set(key, (uses.get(key) ?? 0) + 1);
  }
  return new Set(active.filter((s) => { const key = keyOf(s); return key === null || uses.get(key)! > 1; }).map((s) => s.id));
}
