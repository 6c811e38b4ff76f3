import type { ExclusionReasonKey } from '../../admin-api/admin-api-types.js';
import type { DestinationMemberQueries } from '../../db/destination-member-queries.js';
import type { EmailSuppressionQueries } from '../../db/email-suppression-queries.js';
import type { SyncMember } from '../destination-client.js';
import { buildSyncProperties } from './build-sync-properties.js';
import { decideEligibility, type EligibilityHint } from './decide-eligibility.js';
import type { DestinationPolicy } from './destination-policy.js';
import { hashSyncMember } from './hash-sync-member.js';

/** A member to sync, with the props_hash the engine compares against destination_members. */
export interface EligibleMember extends SyncMember {
  propsHash: string;
}

export interface EligibleMembers {
  members: EligibleMember[];
  /** Shoppers of the segment left out, per reason (each counted once, under its first reason). */
  excluded: Partial<Record<ExclusionReasonKey, number>>;
  hints: Partial<Record<EligibilityHint, number>>;
}

export interface LoadEligibleMembersInput {
  queries: { members: DestinationMemberQueries; suppressions: Pick<EmailSuppressionQueries, 'suppressedSet'> };
  shopId: number;
  segmentId: number;
  destinationId: number;
  policy: DestinationPolicy;
  /** Only these profiles (those still members): an incremental run after a few membership changes. */
  profileIds?: readonly number[];
}

/**
 * The segment's members as this destination may receive them now: each passed through the consent
 * gate and email hygiene (decideEligibility), the rest counted by reason. Ordered by profile id.
 */
export function loadEligibleMembers(input: LoadEligibleMembersInput): EligibleMembers {
  const { queries, policy } = input;
  const candidates = queries.members.candidates(input.shopId, input.segmentId, input.profileIds);
  // Suppressions are keyed by address: a destination keyed by customer id has none.
  const suppressed = policy.identity === 'email'
    ? queries.suppressions.suppressedSet(input.destinationId, candidates.flatMap((c) => (c.email === null ? [] : [c.email])))
    : new Set<string>();
  const members: EligibleMember[] = [];
  const excluded: EligibleMembers['excluded'] = {};
  const hints: EligibleMembers['hints'] = {};
  for (const candidate of candidates) {
    const decision = decideEligibility(candidate, policy, candidate.email !== null && suppressed.has(candidate.email));
    if (decision.hint !== null) hints[decision.hint] = (hints[decision.hint] ?? 0) + 1;
    if (!decision.eligible) {
      excluded[decision.reason] = (excluded[decision.reason] ?? 0) + 1;
      continue;
    }
    const member: SyncMember = {
      profileId: candidate.profileId,
      email: policy.identity === 'email' ? candidate.email : null,
      customerId: candidate.customerId,
      properties: buildSyncProperties(candidate.facts),
      marketingConsent: decision.marketingConsent,
      consentedAt: decision.consentedAt,
      enteredAt: candidate.enteredAt,
    };
    members.push({ ...member, propsHash: hashSyncMember(member) });
  }
  return { members, excluded, hints };
}
