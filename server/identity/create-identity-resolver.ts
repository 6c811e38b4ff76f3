import type { Db } from '../db/open-database.js';
import { createIdentityQueries } from '../db/identity-queries.js';
import type { Identifier } from './identifier.js';
import { normalizeIdentifiers } from './normalize-identifiers.js';
import { createResolutionBatch } from './create-resolution-batch.js';

export interface IdentityResolver {
  /**
   * Returns the profile that owns these identifiers, creating or merging profiles as needed.
   * Must be called inside the caller's write transaction. `at` is the event time (ms).
   * A later call may merge the returned profile away (moving its stored events), so store the
   * event before resolving the next one.
   */
  resolve(shopId: number, identifiers: readonly Identifier[], at: number): number;
  /**
   * The same for many events at once, returning each event's profile after every merge in the
   * batch, so the events can be stored afterwards. Cheaper than one resolve per event: identifiers
   * seen earlier in the batch are not looked up again and each profile's first/last seen is written
   * once.
   */
  resolveMany(shopId: number, events: readonly { identifiers: readonly Identifier[]; at: number }[]): number[];
}

/**
 * Identity stitching (docs/identity.md). The common case, every identifier already in one profile,
 * costs one indexed lookup per identifier and at most one profile update; merges are planned by the
 * pure planIdentityResolution.
 */
export function createIdentityResolver(db: Db): IdentityResolver {
  const q = createIdentityQueries(db);
  return {
    resolve(shopId, identifiers, at) {
      const batch = createResolutionBatch(q, shopId);
      // Normalizing again is cheap and keeps the stored identifiers canonical whoever the caller is.
      const profileId = batch.resolve(normalizeIdentifiers(identifiers), at);
      batch.flush();
      return profileId;
    },
    resolveMany(shopId, events) {
      const batch = createResolutionBatch(q, shopId);
      const profileIds = events.map((e) => batch.resolve(normalizeIdentifiers(e.identifiers), e.at));
      batch.flush();
      return profileIds.map(batch.current);
    },
  };
}
