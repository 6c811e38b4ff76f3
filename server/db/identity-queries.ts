import type { Db } from './open-database.js';
import type { Identifier, IdentifierKind } from '../identity/identifier.js';
import type { ProfileSummary } from '../identity/choose-merge-winner.js';

export interface IdentifierOwner {
  profileId: number;
  firstSeenAt: number;
}

export interface ProfileSpan {
  customerId: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
  createdAt: number;
}

/** Every statement identity stitching runs (docs/identity.md). Callers hold the write transaction. */
export interface IdentityQueries {
  findIdentifier(shopId: number, kind: IdentifierKind, value: string): IdentifierOwner | undefined;
  /** Identifiers remember the earliest event that carried them, even when events arrive late. */
  lowerIdentifierFirstSeen(shopId: number, kind: IdentifierKind, value: string, at: number): void;
  insertIdentifier(shopId: number, identifier: Identifier, profileId: number, at: number): void;
  profileSummary(profileId: number): (ProfileSummary & { createdAt: number }) | undefined;
  insertProfile(shopId: number, customerId: string | null, at: number): number;
  /** Widens first/last seen to include [first, last]; writes nothing when the span already covers it. */
  widenProfileSpan(profileId: number, first: number, last: number): void;
  setProfileSpan(profileId: number, span: ProfileSpan): void;
  /** Moves the loser's identifiers and events to the winner, records why, and deletes the loser. */
  mergeProfileInto(shopId: number, winnerId: number, loserId: number, viaKind: IdentifierKind, at: number): void;
  identifiersOfProfile(profileId: number): Identifier[];
  /** The profile a merged-away id lives on in now (following chains of merges); the id itself if never merged. */
  currentProfileId(profileId: number): number;
}

export function createIdentityQueries(db: Db): IdentityQueries {
  const find = db.prepare('SELECT profile_id, first_seen_at FROM identifiers WHERE shop_id = ? AND kind = ? AND value = ?').raw();
  const lowerFirstSeen = db.prepare('UPDATE identifiers SET first_seen_at = ? WHERE shop_id = ? AND kind = ? AND value = ? AND first_seen_at > ?');
  const insertIdentifier = db.prepare('INSERT INTO identifiers (shop_id, kind, value, profile_id, first_seen_at) VALUES (?, ?, ?, ?, ?)');
  const profile = db.prepare(`SELECT id, customer_id AS customerId, first_seen_at AS firstSeenAt,
    last_seen_at AS lastSeenAt, created_at AS createdAt FROM profiles WHERE id = ?`);
  // profiles.id is AUTOINCREMENT (migration 001): ids of merged-away profiles are never reused.
  const insertProfile = db.prepare('INSERT INTO profiles (shop_id, customer_id, first_seen_at, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?)');
  const widen = db.prepare(`UPDATE profiles SET first_seen_at = min(first_seen_at, ?), last_seen_at = max(last_seen_at, ?)
    WHERE id = ? AND (first_seen_at > ? OR last_seen_at < ?)`);
  const setSpan = db.prepare('UPDATE profiles SET customer_id = ?, first_seen_at = ?, last_seen_at = ?, created_at = ? WHERE id = ?');
  const moveIdentifiers = db.prepare('UPDATE identifiers SET profile_id = ? WHERE profile_id = ?');
  const moveEvents = db.prepare('UPDATE events SET profile_id = ? WHERE profile_id = ?');
  // Shopify records follow their shopper too (migration 003).
  const moveRecords = ['orders', 'checkouts', 'customers'].map((table) => db.prepare(`UPDATE ${table} SET profile_id = ? WHERE profile_id = ?`));
  const recordMerge = db.prepare('INSERT INTO profile_merges (shop_id, winner_id, loser_id, via_kind, merged_at) VALUES (?, ?, ?, ?, ?)');
  const deleteProfile = db.prepare('DELETE FROM profiles WHERE id = ?');
  const winnerOf = db.prepare('SELECT winner_id FROM profile_merges WHERE loser_id = ? ORDER BY id DESC LIMIT 1').pluck();
  const identifiersOf = db.prepare('SELECT kind, value FROM identifiers WHERE profile_id = ? ORDER BY kind, value');

  return {
    findIdentifier(shopId, kind, value) {
      const row = find.get(shopId, kind, value) as [number, number] | undefined;
      return row === undefined ? undefined : { profileId: row[0], firstSeenAt: row[1] };
    },
    lowerIdentifierFirstSeen: (shopId, kind, value, at) => { lowerFirstSeen.run(at, shopId, kind, value, at); },
    insertIdentifier: (shopId, identifier, profileId, at) => { insertIdentifier.run(shopId, identifier.kind, identifier.value, profileId, at); },
    profileSummary: (profileId) => profile.get(profileId) as (ProfileSummary & { createdAt: number }) | undefined,
    insertProfile: (shopId, customerId, at) => Number(insertProfile.run(shopId, customerId, at, at, at).lastInsertRowid),
    widenProfileSpan: (profileId, first, last) => { widen.run(first, last, profileId, first, last); },
    setProfileSpan(profileId, span) {
      setSpan.run(span.customerId, span.firstSeenAt, span.lastSeenAt, span.createdAt, profileId);
    },
    mergeProfileInto(shopId, winnerId, loserId, viaKind, at) {
      moveIdentifiers.run(winnerId, loserId);
      moveEvents.run(winnerId, loserId);
      for (const move of moveRecords) move.run(winnerId, loserId);
      recordMerge.run(shopId, winnerId, loserId, viaKind, at);
      deleteProfile.run(loserId);
    },
    identifiersOfProfile: (profileId) => identifiersOf.all(profileId) as Identifier[],
    currentProfileId(profileId) {
      // Ids are never reused, so chains cannot cycle; the hop limit is a guard, not a rule.
      let id = profileId;
      for (let hops = 0; hops < 1000; hops++) {
        const next = winnerOf.get(id) as number | undefined;
        if (next === undefined) break;
        id = next;
      }
      return id;
    },
  };
}
