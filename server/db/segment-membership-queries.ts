import type { Db } from './open-database.js';
import { createStatementCache } from './create-statement-cache.js';

export type MembershipReason = 'live' | 'time' | 'rfm' | 'merge' | 'recompute';

export interface MembershipChange {
  segmentId: number;
  profileId: number;
  change: 'enter' | 'exit';
  at: number;
  reason: MembershipReason;
}

export interface SegmentMembershipQueries {
  /**
   * Profiles of the shop matching a compiled query (a boolean SQL expression over `t`, profile_traits,
   * from compileSegmentQuery: fixed text, values only in params), among `profileIds` or all when null.
   */
  matching(shopId: number, where: { sql: string; params: readonly unknown[] }, profileIds: readonly number[] | null): Set<number>;
  /** Current members of a segment, among `profileIds` or all when null. */
  members(segmentId: number, profileIds: readonly number[] | null): Set<number>;
  /** Applies entries and exits with their log rows, the member count and today's size history. */
  apply(segmentId: number, changes: readonly MembershipChange[], day: string): void;
  /** A size history row for a day without changes (a new segment's first day, or an empty recompute). */
  touchHistory(segmentId: number, day: string): void;
  takeDirty(limit: number): { profileId: number; shopId: number }[];
  clearDirty(profileIds: readonly number[]): void;
  /** Which of these profiles are queued now. */
  dirtyAmong(profileIds: readonly number[]): Set<number>;
  /** Empties the shop's queue: a full recompute has just covered every profile (and ended merged ones). */
  clearDirtyOfShop(shopId: number): void;
  /** Segment ids a profile belongs to. */
  segmentsOf(profileId: number): number[];
}

const IDS = '(SELECT value FROM json_each(?))';

export function createSegmentMembershipQueries(db: Db): SegmentMembershipQueries {
  // Compiled queries are few per shop and reused on every turn.
  const prepare = createStatementCache(db, 500);
  const membersAll = db.prepare('SELECT profile_id FROM segment_members WHERE segment_id = ?').pluck();
  const membersAmong = db.prepare(`SELECT profile_id FROM segment_members WHERE segment_id = ? AND profile_id IN ${IDS}`).pluck();
  // One statement per run of alike changes, not one per member: a shop's first build enters 118,000.
  const enter = db.prepare(`INSERT OR IGNORE INTO segment_members (segment_id, profile_id, entered_at)
    SELECT ?, value, ? FROM json_each(?) RETURNING profile_id`).pluck();
  const exit = db.prepare(`DELETE FROM segment_members WHERE segment_id = ? AND profile_id IN ${IDS} RETURNING profile_id`).pluck();
  const log = db.prepare(`INSERT INTO segment_membership_log (segment_id, profile_id, change, at, reason)
    SELECT ?, value, ?, ?, ? FROM json_each(?)`);
  const history = db.prepare(`INSERT INTO segment_size_history (segment_id, day, size, entered, exited) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (segment_id, day) DO UPDATE SET size = excluded.size, entered = entered + excluded.entered, exited = exited + excluded.exited`);
  const currentCount = db.prepare('SELECT member_count FROM segments WHERE id = ?').pluck();
  const takeDirty = db.prepare('SELECT profile_id AS profileId, shop_id AS shopId FROM segment_dirty_profiles LIMIT ?');
  const clearDirty = db.prepare(`DELETE FROM segment_dirty_profiles WHERE profile_id IN ${IDS}`);
  const dirtyAmong = db.prepare(`SELECT profile_id FROM segment_dirty_profiles WHERE profile_id IN ${IDS}`).pluck();
  const clearShop = db.prepare('DELETE FROM segment_dirty_profiles WHERE shop_id = ?');
  const segmentsOf = db.prepare('SELECT segment_id FROM segment_members WHERE profile_id = ? ORDER BY segment_id').pluck();

  return {
    matching(shopId, where, profileIds) {
      const scope = profileIds === null ? '' : ` AND t.profile_id IN ${IDS}`;
      const sql = `SELECT t.profile_id FROM profile_traits t WHERE t.shop_id = ?${scope} AND (${where.sql})`;
      const args = profileIds === null ? [shopId, ...where.params] : [shopId, JSON.stringify(profileIds), ...where.params];
      return new Set(prepare(sql).pluck().all(...args) as number[]);
    },
    members: (segmentId, profileIds) => new Set((profileIds === null
      ? membersAll.all(segmentId) : membersAmong.all(segmentId, JSON.stringify(profileIds))) as number[]),
    apply(segmentId, changes, day) {
      let entered = 0;
      let exited = 0;
      for (let start = 0; start < changes.length;) {
        const { change, at, reason } = changes[start]!;
        let end = start + 1;
        while (end < changes.length && changes[end]!.change === change && changes[end]!.at === at && changes[end]!.reason === reason) end++;
        const ids = changes.slice(start, end).map((c) => c.profileId);
        start = end;
        // Only what changed is logged (an entry of a member, an exit of a non-member change nothing), in the given order.
        const done = new Set((change === 'enter' ? enter.all(segmentId, at, JSON.stringify(ids)) : exit.all(segmentId, JSON.stringify(ids))) as number[]);
        const logged = ids.filter((id) => done.delete(id));
        if (logged.length === 0) continue;
        log.run(segmentId, change, at, reason, JSON.stringify(logged));
        if (change === 'enter') entered += logged.length;
        else exited += logged.length;
      }
      // member_count is kept by triggers on segment_members (migration 007).
      const size = currentCount.get(segmentId) as number;
      history.run(segmentId, day, size, entered, exited);
    },
    touchHistory(segmentId, day) {
      history.run(segmentId, day, currentCount.get(segmentId) as number, 0, 0);
    },
    takeDirty: (limit) => takeDirty.all(limit) as { profileId: number; shopId: number }[],
    clearDirty: (profileIds) => { clearDirty.run(JSON.stringify(profileIds)); },
    dirtyAmong: (profileIds) => new Set(dirtyAmong.all(JSON.stringify(profileIds)) as number[]),
    clearDirtyOfShop: (shopId) => { clearShop.run(shopId); },
    segmentsOf: (profileId) => segmentsOf.all(profileId) as number[],
  };
}
