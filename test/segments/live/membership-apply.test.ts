import { afterEach, describe, expect, it } from 'vitest';
import { createSegmentMembershipQueries, type MembershipChange } from '../../../server/db/segment-membership-queries.js';
import { createSegmentWorld, type SegmentWorld } from './segment-world.js';

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
let world: SegmentWorld | undefined;
afterEach(() => { world?.close(); world = undefined; });

const change = (profileId: number, kind: 'enter' | 'exit', at: number, reason: MembershipChange['reason'] = 'live'): MembershipChange =>
  ({ segmentId: 0, profileId, change: kind, at, reason });

describe('membership changes applied in batches', () => {
  it('logs each real change once, in the given order, with its own time and reason, and keeps count and history', () => {
    const w = (world = createSegmentWorld(T0));
    const segment = w.addSegment('Any', 'number_of_orders >= 0');
    const memberships = createSegmentMembershipQueries(w.db);
    const count = () => w.db.prepare('SELECT member_count FROM segments WHERE id = ?').pluck().get(segment) as number;
    const history = () => w.db.prepare('SELECT day, size, entered, exited FROM segment_size_history WHERE segment_id = ?').all(segment);

    memberships.apply(segment, [change(5, 'enter', T0), change(3, 'enter', T0), change(9, 'enter', T0 + 1, 'time')], '2026-11-02');
    expect(w.members(segment)).toEqual([3, 5, 9]);
    expect(count()).toBe(3);

    // 5 is a member already, 7 never was, 5 appears twice: none of these is a change.
    memberships.apply(segment, [
      change(5, 'enter', T0 + 2), change(3, 'exit', T0 + 2), change(7, 'exit', T0 + 2), change(3, 'exit', T0 + 2),
      change(11, 'enter', T0 + 3, 'recompute'), change(11, 'enter', T0 + 3, 'recompute'),
    ], '2026-11-02');
    expect(w.members(segment)).toEqual([5, 9, 11]);
    expect(count()).toBe(3);
    expect(w.log(segment)).toEqual([
      { profileId: 5, change: 'enter', reason: 'live', at: T0 },
      { profileId: 3, change: 'enter', reason: 'live', at: T0 },
      { profileId: 9, change: 'enter', reason: 'time', at: T0 + 1 },
      { profileId: 3, change: 'exit', reason: 'live', at: T0 + 2 },
      { profileId: 11, change: 'enter', reason: 'recompute', at: T0 + 3 },
    ]);
    expect(history()).toEqual([{ day: '2026-11-02', size: 3, entered: 4, exited: 1 }]);

    memberships.apply(segment, [], '2026-11-03');
    expect(history()).toEqual([{ day: '2026-11-02', size: 3, entered: 4, exited: 1 }, { day: '2026-11-03', size: 3, entered: 0, exited: 0 }]);
  });
});
