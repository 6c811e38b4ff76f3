import type { MembershipChange, MembershipReason, SegmentMembershipQueries } from '../../db/segment-membership-queries.js';
import type { SegmentQueries } from '../../db/segment-queries.js';
import { compileSegmentQuery } from '../query/compile-segment-query.js';
import type { ParsedSegment } from './shop-segment-context.js';
import { diffMembership } from './diff-membership.js';

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Re-evaluates segments for some profiles (or all of the shop when `profileIds` is null) at `now`, and
 * records entries and exits. The query runs as SQL over profile_traits, the same statement whether
 * one profile changed or the whole shop is recomputed, so both paths share one semantics.
 */
export function evaluateMemberships(
  memberships: SegmentMembershipQueries,
  shopId: number,
  segments: readonly ParsedSegment[],
  profileIds: readonly number[] | null,
  now: number,
  reasonOf: (profileId: number, change: 'enter' | 'exit') => MembershipReason,
): number {
  let changed = 0;
  const day = utcDay(now);
  for (const { row, expression } of segments) {
    const matched = memberships.matching(shopId, compileSegmentQuery(expression, now), profileIds);
    const { enter, exit } = diffMembership(matched, memberships.members(row.id, profileIds));
    if (enter.length === 0 && exit.length === 0) continue;
    const changes: MembershipChange[] = [
      ...enter.map((profileId) => ({ segmentId: row.id, profileId, change: 'enter' as const, at: now, reason: reasonOf(profileId, 'enter') })),
      ...exit.map((profileId) => ({ segmentId: row.id, profileId, change: 'exit' as const, at: now, reason: reasonOf(profileId, 'exit') })),
    ];
    memberships.apply(row.id, changes, day);
    changed += changes.length;
  }
  return changed;
}

/**
 * Segments evaluated over every profile of the shop (new or changed, hourly/daily, full recompute): the
 * changes logged as `recompute`, a size-history point for today, and the segment marked refreshed.
 */
export function evaluateSegmentsInFull(
  memberships: SegmentMembershipQueries, segments: Pick<SegmentQueries, 'markRefreshed'>, shopId: number, parsed: readonly ParsedSegment[], now: number,
): number {
  const changed = evaluateMemberships(memberships, shopId, parsed, null, now, () => 'recompute');
  for (const { row } of parsed) {
    memberships.touchHistory(row.id, utcDay(now));
    segments.markRefreshed(row.id, now);
  }
  return changed;
}
