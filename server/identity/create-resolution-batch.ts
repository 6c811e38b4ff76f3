import type { IdentityQueries } from '../db/identity-queries.js';
import type { Identifier } from './identifier.js';
import type { ProfileSummary } from './choose-merge-winner.js';
import { planIdentityResolution, type ResolutionPlan } from './plan-identity-resolution.js';

export interface ResolutionBatch {
  /** Resolves one event's normalized identifiers; the id may later be merged away (see `current`). */
  resolve(identifiers: readonly Identifier[], at: number): number;
  /** Where a profile id returned earlier in this batch lives now, after later merges. */
  current(profileId: number): number;
  /** Writes the first/last seen changes held back during the batch. */
  flush(): void;
}

type LoadedProfile = ProfileSummary & { createdAt: number };
interface KnownIdentifier { identifier: Identifier; profileId: number; firstSeenAt: number; firstSeenLowered: boolean }

/**
 * One call's worth of stitching, inside the caller's transaction. Within the batch it remembers
 * identifiers it already looked up and holds back first/last seen updates, so a request of 50 events
 * from one shopper costs a few lookups and one profile write, whatever order its events come in.
 * Nothing outlives the call, so a rolled-back transaction cannot leave stale memory behind.
 */
export function createResolutionBatch(q: IdentityQueries, shopId: number): ResolutionBatch {
  const known = new Map<string, KnownIdentifier>();
  const loweredIdentifiers: KnownIdentifier[] = [];
  const mergedInto = new Map<number, number>();
  const pendingSpans = new Map<number, { first: number; last: number }>();

  const current = (profileId: number): number => {
    let id = profileId;
    for (let next = mergedInto.get(id); next !== undefined; next = mergedInto.get(id)) id = next;
    return id;
  };

  const lookup = (identifier: Identifier, at: number): number | undefined => {
    const key = `${identifier.kind}\u0000${identifier.value}`;
    let entry = known.get(key);
    if (entry === undefined) {
      const row = q.findIdentifier(shopId, identifier.kind, identifier.value);
      if (row === undefined) return undefined;
      entry = { identifier, ...row, firstSeenLowered: false };
      known.set(key, entry);
    }
    if (at < entry.firstSeenAt) {
      entry.firstSeenAt = at;
      if (!entry.firstSeenLowered) loweredIdentifiers.push(entry);
      entry.firstSeenLowered = true;
    }
    return current(entry.profileId);
  };

  const widen = (profileId: number, at: number) => {
    const span = pendingSpans.get(profileId);
    if (span === undefined) pendingSpans.set(profileId, { first: at, last: at });
    else if (at < span.first) span.first = at;
    else if (at > span.last) span.last = at;
  };

  const flushProfile = (profileId: number) => {
    const span = pendingSpans.get(profileId);
    if (span === undefined) return;
    pendingSpans.delete(profileId);
    q.widenProfileSpan(profileId, span.first, span.last);
  };

  const loadProfiles = (owners: readonly (number | undefined)[]) => {
    const profiles = new Map<number, LoadedProfile>();
    for (const id of owners) {
      if (id === undefined || profiles.has(id)) continue;
      // The planner compares first seen, so held-back changes must reach the rows first.
      flushProfile(id);
      const p = q.profileSummary(id);
      if (p === undefined) throw new Error(`identifier points at missing profile ${id}`);
      profiles.set(id, p);
    }
    return profiles;
  };

  const remember = (identifiers: readonly Identifier[], profileId: number, at: number) => {
    for (const id of identifiers) {
      known.set(`${id.kind}\u0000${id.value}`, { identifier: id, profileId, firstSeenAt: at, firstSeenLowered: false });
    }
  };

  const apply = (plan: ResolutionPlan, profiles: ReadonlyMap<number, LoadedProfile>, at: number): number => {
    if (plan.action === 'create') {
      const profileId = q.insertProfile(shopId, plan.customerId, at);
      for (const id of plan.attach) q.insertIdentifier(shopId, id, profileId, at);
      remember(plan.attach, profileId, at);
      return profileId;
    }
    const winner = profiles.get(plan.profileId)!;
    const span = {
      customerId: winner.customerId ?? plan.customerId,
      firstSeenAt: Math.min(winner.firstSeenAt, at),
      lastSeenAt: Math.max(winner.lastSeenAt, at),
      createdAt: winner.createdAt,
    };
    for (const step of plan.merge) {
      const loser = profiles.get(step.loserId)!;
      span.firstSeenAt = Math.min(span.firstSeenAt, loser.firstSeenAt);
      span.lastSeenAt = Math.max(span.lastSeenAt, loser.lastSeenAt);
      span.createdAt = Math.min(span.createdAt, loser.createdAt);
      span.customerId ??= loser.customerId;
      // The loser row goes first, freeing its customer id (profiles_customer is unique) for the winner.
      q.mergeProfileInto(shopId, plan.profileId, step.loserId, step.viaKind, at);
      mergedInto.set(step.loserId, plan.profileId);
    }
    for (const id of plan.attach) q.insertIdentifier(shopId, id, plan.profileId, at);
    remember(plan.attach, plan.profileId, at);
    if (span.customerId !== winner.customerId || span.firstSeenAt !== winner.firstSeenAt
      || span.lastSeenAt !== winner.lastSeenAt || span.createdAt !== winner.createdAt) q.setProfileSpan(plan.profileId, span);
    return plan.profileId;
  };

  return {
    resolve(identifiers, at) {
      // No usable identifier: a one-off anonymous shopper, so the event itself is still kept.
      if (identifiers.length === 0) return q.insertProfile(shopId, null, at);
      const owners: (number | undefined)[] = new Array(identifiers.length).fill(undefined);
      let sole: number | undefined;
      let oneProfile = true;
      for (let i = 0; i < identifiers.length; i++) {
        const owner = lookup(identifiers[i]!, at);
        owners[i] = owner;
        if (owner === undefined) oneProfile = false;
        else if (sole === undefined) sole = owner;
        else if (sole !== owner) oneProfile = false;
      }
      // The common case: everything already in one profile.
      if (oneProfile && sole !== undefined) {
        widen(sole, at);
        return sole;
      }
      const profiles = loadProfiles(owners);
      return apply(planIdentityResolution({ identifiers, owners, profiles }), profiles, at);
    },
    current,
    flush() {
      for (const profileId of [...pendingSpans.keys()]) flushProfile(profileId);
      for (const e of loweredIdentifiers) q.lowerIdentifierFirstSeen(shopId, e.identifier.kind, e.identifier.value, e.firstSeenAt);
      loweredIdentifiers.length = 0;
    },
  };
}
