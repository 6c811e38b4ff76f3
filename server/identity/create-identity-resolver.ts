import type { Db } from '../db/open-database.js';
import type { Identifier } from './identifier.js';

export interface IdentityResolver {
  /**
   * Returns the profile that owns these identifiers, creating or merging profiles as needed.
   * Must be called inside the caller's write transaction. `at` is the event time (ms).
   */
  resolve(shopId: number, identifiers: readonly Identifier[], at: number): number;
}

// PLACEHOLDER (being replaced by the identity work): first identifier wins, no merging.
export function createIdentityResolver(db: Db): IdentityResolver {
  const find = db.prepare('SELECT profile_id FROM identifiers WHERE shop_id = ? AND kind = ? AND value = ?').pluck();
  const insertProfile = db.prepare('INSERT INTO profiles (shop_id, first_seen_at, last_seen_at, created_at) VALUES (?, ?, ?, ?)');
  const insertIdentifier = db.prepare('INSERT OR IGNORE INTO identifiers (shop_id, kind, value, profile_id, first_seen_at) VALUES (?, ?, ?, ?, ?)');
  return {
    resolve(shopId, identifiers, at) {
      for (const id of identifiers) {
        const p = find.get(shopId, id.kind, id.value) as number | undefined;
        if (p !== undefined) return p;
      }
      const profileId = Number(insertProfile.run(shopId, at, at, at).lastInsertRowid);
      for (const id of identifiers) insertIdentifier.run(shopId, id.kind, id.value, profileId, at);
      return profileId;
    },
  };
}
