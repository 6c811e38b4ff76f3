import type { Db } from '../../server/db/open-database.js';

export interface SeedMember {
  customerId?: string | null;
  email?: string | null;
  rfmGroup?: string;
  orders?: number;
  amountSpent?: number;
  lastOrderAt?: number | null;
  primaryDevice?: string;
  enteredAt: number;
}

/**
 * Segment members written straight into SQLite (profile, traits, email identifier, membership), as the
 * segment engine would leave them; returns the profile ids in order. One transaction for any number.
 */
export function insertSegmentMembers(db: Db, shopId: number, segmentId: number, members: readonly SeedMember[]): number[] {
  const profile = db.prepare('INSERT INTO profiles (shop_id, customer_id, first_seen_at, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?)');
  const traits = db.prepare(`INSERT INTO profile_traits (profile_id, shop_id, customer_id, number_of_orders, amount_spent, last_order_at,
    primary_device, rfm_group, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const email = db.prepare("INSERT INTO identifiers (shop_id, kind, value, profile_id, first_seen_at) VALUES (?, 'email', ?, ?, ?)");
  const member = db.prepare('INSERT INTO segment_members (segment_id, profile_id, entered_at) VALUES (?, ?, ?)');
  return db.transaction(() => members.map((m) => {
    const id = Number(profile.run(shopId, m.customerId ?? null, m.enteredAt, m.enteredAt, m.enteredAt).lastInsertRowid);
    traits.run(id, shopId, m.customerId ?? null, m.orders ?? 0, m.amountSpent ?? 0, m.lastOrderAt ?? null, m.primaryDevice ?? 'MOBILE',
      m.rfmGroup ?? 'PROSPECTS', m.enteredAt);
    if (m.email) email.run(shopId, m.email, id, m.enteredAt);
    member.run(segmentId, id, m.enteredAt);
    return id;
  }))();
}

/** A minimal valid segment body; its query matches no one, so only inserted members are members. */
export const segmentBody = (name: string) => ({
  name, query: 'number_of_orders >= 1000000', kpi: 'conversion_rate', activation: { channel: 'email', plan: 'test' }, refreshPolicy: 'daily',
});
