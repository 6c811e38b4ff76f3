/** What the resolver knows about a profile while deciding a merge. Times in ms. */
export interface ProfileSummary {
  id: number;
  customerId: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
}

/**
 * The profile that survives when several profiles join (docs/identity.md#the-winner):
 * 1. the profile holding a Shopify customer id, so a customer's profile id never changes;
 * 2. else the one seen first (earliest first_seen_at), the longest history;
 * 3. else the lowest id, the one created first.
 */
export function chooseMergeWinner<P extends ProfileSummary>(profiles: readonly P[]): P {
  let winner = profiles[0];
  if (winner === undefined) throw new Error('chooseMergeWinner needs at least one profile');
  for (const p of profiles) if (beats(p, winner)) winner = p;
  return winner;
}

function beats(a: ProfileSummary, b: ProfileSummary): boolean {
  const aCustomer = a.customerId !== null;
  const bCustomer = b.customerId !== null;
  if (aCustomer !== bCustomer) return aCustomer;
  if (a.firstSeenAt !== b.firstSeenAt) return a.firstSeenAt < b.firstSeenAt;
  return a.id < b.id;
}
