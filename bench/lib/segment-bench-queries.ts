import type { Db } from '../../server/db/open-database.js';

export interface TemplateMembers {
  key: string;
  name: string;
  members: number;
}

/** The few reads the segment benchmark makes around the engine (counts and checks, not engine work). */
export function createSegmentBenchQueries(db: Db, shopId: number) {
  const count = (sql: string) => db.prepare(sql).pluck().get(shopId) as number;
  const profileOfVisitor = db.prepare("SELECT profile_id FROM identifiers WHERE shop_id = ? AND kind = 'visitor' AND value = ?").pluck();
  return {
    events: () => count('SELECT COUNT(*) FROM events WHERE shop_id = ?'),
    profiles: () => count('SELECT COUNT(*) FROM profiles WHERE shop_id = ?'),
    buyers: () => count("SELECT COUNT(DISTINCT profile_id) FROM events WHERE shop_id = ? AND name = 'Checkout_Completed'"),
    dirtyProfiles: () => count('SELECT COUNT(*) FROM segment_dirty_profiles WHERE shop_id = ?'),
    profileOfVisitor: (visitorId: string) => profileOfVisitor.get(shopId, visitorId) as number | undefined,
    /** Membership per template segment, counted from segment_members (and checked against member_count). */
    templateMembers(): TemplateMembers[] {
      const rows = db.prepare(`SELECT s.template_key AS key, s.name, s.member_count AS memberCount,
          (SELECT COUNT(*) FROM segment_members m WHERE m.segment_id = s.id) AS members
        FROM segments s WHERE s.shop_id = ? AND s.template_key IS NOT NULL ORDER BY s.id`).all(shopId) as (TemplateMembers & { memberCount: number })[];
      for (const r of rows) {
        if (r.memberCount !== r.members) throw new Error(`${r.key}: member_count ${r.memberCount} but ${r.members} rows in segment_members`);
      }
      return rows.map(({ key, name, members }) => ({ key, name, members }));
    },
    /** Membership changes logged since `from` (ms), by reason. */
    changesSince(from: number): Record<string, number> {
      const rows = db.prepare('SELECT reason, COUNT(*) AS n FROM segment_membership_log l JOIN segments s ON s.id = l.segment_id WHERE s.shop_id = ? AND l.at >= ? GROUP BY reason')
        .all(shopId, from) as { reason: string; n: number }[];
      return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
    },
    liveChangesSince: (from: number) => db.prepare(`SELECT l.profile_id AS profileId, l.at FROM segment_membership_log l JOIN segments s ON s.id = l.segment_id
      WHERE s.shop_id = ? AND l.reason = 'live' AND l.at >= ?`).all(shopId, from) as { profileId: number; at: number }[],
  };
}

/**
 * The reference floor: one pass over every event row in JavaScript (the columns the traits read),
 * touching each row. Raw arrays, as the engine's own loader reads them.
 */
export function scanEvents(db: Db): { rows: number; ms: number } {
  const statement = db.prepare('SELECT profile_id, name, occurred_at, session_id, device, cart_token, checkout_token, properties FROM events').raw();
  const started = performance.now();
  let rows = 0;
  let touched = 0;
  for (const row of statement.iterate() as IterableIterator<unknown[]>) {
    rows++;
    touched += (row[0] as number) + (row[1] as string).length + (row[7] as string).length;
  }
  const ms = performance.now() - started;
  if (touched === 0 && rows > 0) throw new Error('scan read nothing');
  return { rows, ms };
}
