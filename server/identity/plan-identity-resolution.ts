import { IDENTIFIER_KINDS, type Identifier, type IdentifierKind } from './identifier.js';
import { chooseMergeWinner, type ProfileSummary } from './choose-merge-winner.js';

export interface ResolutionInput {
  /** The event's normalized identifiers (normalizeIdentifiers). */
  identifiers: readonly Identifier[];
  /** owners[i] is the profile holding identifiers[i], undefined when the identifier is new. */
  owners: readonly (number | undefined)[];
  /** Every profile named in owners. */
  profiles: ReadonlyMap<number, ProfileSummary>;
}

export interface MergeStep {
  loserId: number;
  /** The strongest of the event's identifiers that the loser held: why the two histories joined. */
  viaKind: IdentifierKind;
}

export type ResolutionPlan =
  | { action: 'create'; customerId: string | null; attach: Identifier[] }
  | {
      action: 'use';
      profileId: number;
      merge: MergeStep[];
      /** New identifiers to attach to profileId. */
      attach: Identifier[];
      /** Customer id profileId gains (it had none), else null. */
      customerId: string | null;
      /** True when the event touched profiles of two different customers, which are never merged. */
      conflict: boolean;
    };

const strength = (kind: IdentifierKind) => IDENTIFIER_KINDS.indexOf(kind);

/**
 * Union-find step for one event (docs/identity.md#rules): every profile the event's identifiers
 * touch joins into one, new identifiers attach to it. The one exception: profiles of two different
 * Shopify customers never join; the event then goes to its own customer's profile (or, with no
 * customer id of its own, to the profile of its strongest identifier) and nothing merges.
 */
export function planIdentityResolution(input: ResolutionInput): ResolutionPlan {
  const { identifiers, owners, profiles } = input;
  const attach = identifiers.filter((_, i) => owners[i] === undefined);
  const linked = [...new Set(owners.filter((o): o is number => o !== undefined))].map((id) => profileOf(profiles, id));
  const ownCustomer = identifiers.find((id) => id.kind === 'customer')?.value ?? null;
  const customers = new Set(linked.map((p) => p.customerId).filter((c): c is string => c !== null));
  if (ownCustomer !== null) customers.add(ownCustomer);

  if (customers.size > 1) {
    const target = conflictTarget(identifiers, owners, profiles, ownCustomer);
    if (target === null) return { action: 'create', customerId: ownCustomer, attach };
    return { action: 'use', profileId: target.id, merge: [], attach, customerId: null, conflict: true };
  }
  const customerId = customers.size === 1 ? [...customers][0]! : null;
  if (linked.length === 0) return { action: 'create', customerId, attach };
  const winner = chooseMergeWinner(linked);
  const merge = linked.filter((p) => p.id !== winner.id).map((p) => ({ loserId: p.id, viaKind: strongestKindHeldBy(p.id, identifiers, owners) }));
  return { action: 'use', profileId: winner.id, merge, attach, customerId: winner.customerId === null ? customerId : null, conflict: false };
}

/** The event's own customer's profile (null: that customer is new), else the owner of its strongest identifier. */
function conflictTarget(
  identifiers: readonly Identifier[],
  owners: readonly (number | undefined)[],
  profiles: ReadonlyMap<number, ProfileSummary>,
  ownCustomer: string | null,
): ProfileSummary | null {
  if (ownCustomer !== null) {
    const i = identifiers.findIndex((id) => id.kind === 'customer');
    const owner = owners[i];
    return owner === undefined ? null : profileOf(profiles, owner);
  }
  let best = -1;
  let candidates: ProfileSummary[] = [];
  identifiers.forEach((id, i) => {
    const owner = owners[i];
    if (owner === undefined) return;
    const s = strength(id.kind);
    if (s > best) { best = s; candidates = []; }
    if (s === best) candidates.push(profileOf(profiles, owner));
  });
  return chooseMergeWinner(candidates);
}

function strongestKindHeldBy(profileId: number, identifiers: readonly Identifier[], owners: readonly (number | undefined)[]): IdentifierKind {
  let kind: IdentifierKind | null = null;
  identifiers.forEach((id, i) => {
    if (owners[i] === profileId && (kind === null || strength(id.kind) > strength(kind))) kind = id.kind;
  });
  return kind ?? 'visitor';
}

function profileOf(profiles: ReadonlyMap<number, ProfileSummary>, id: number): ProfileSummary {
  const p = profiles.get(id);
  if (p === undefined) throw new Error(`profile ${id} missing from the resolution input`);
  return p;
}
