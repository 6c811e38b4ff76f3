import { rfmKey, type ProfileTraitsQueries } from '../../db/profile-traits-queries.js';
import { computeRfm } from '../rfm/compute-rfm.js';

/**
 * Scores the shop's buyers again (RFM is relative to the shop: one shopper's order moves others'
 * quintiles) and writes only the rows whose scores or group changed. Returns those profile ids, whose
 * memberships must be re-evaluated. Caller holds the transaction.
 */
export function rescoreShopRfm(traits: ProfileTraitsQueries, shopId: number, now: number): number[] {
  const inputs = traits.rfmRows(shopId);
  const stored = new Map(inputs.map((i) => [i.profileId, i.key]));
  const results = computeRfm(inputs.map((i) => ({ profileId: i.profileId, lastOrderAt: i.lastOrderAt, orders: i.numberOfOrders, amountSpent: i.amountSpent })), now);
  const changed: number[] = [];
  for (const r of results) {
    // A former buyer (all orders cancelled) goes back to unscored PROSPECTS with no recency either.
    const row = r.group === 'PROSPECTS' ? { ...r, recencyDays: null } : r;
    if (stored.get(r.profileId) === rfmKey(row)) continue;
    traits.setRfm(row);
    changed.push(r.profileId);
  }
  return changed;
}
