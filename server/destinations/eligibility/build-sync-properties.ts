import type { SyncProperties } from '../destination-client.js';

/** A profile's traits as the remote sees them (profile_traits; null when the profile has no traits row). */
export interface SyncPropertyFacts {
  /** Names of the active segments the profile is in, in any order. */
  segmentNames: readonly string[];
  rfmGroup: string | null;
  numberOfOrders: number | null;
  amountSpent: number | null;
  lastOrderAt: number | null;
  primaryDevice: string | null;
  checkoutRecoveryUrl: string | null;
  cartRecoveryUrl: string | null;
}

export interface MemberSyncProperties extends SyncProperties {
  ss_segments: readonly string[];
  ss_rfm_group: string | null;
  ss_orders: number | null;
  ss_amount_spent: number | null;
  ss_last_order_at: string | null;
  ss_primary_device: string | null;
  ss_abandoned_checkout_url: string | null;
  ss_cart_recovery_url: string | null;
}

// Code-unit order, not locale order: the same names must give the same list (and props hash) on any host.
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The `ss_` properties written on the remote profile. Every value is canonical (sorted, deduplicated
 * names; money rounded to cents; ISO times), so unchanged traits always hash the same and a run sends no
 * update for them.
 */
export function buildSyncProperties(facts: SyncPropertyFacts): MemberSyncProperties {
  return {
    ss_segments: [...new Set(facts.segmentNames)].sort(byCodeUnit),
    ss_rfm_group: facts.rfmGroup,
    ss_orders: facts.numberOfOrders,
    ss_amount_spent: facts.amountSpent === null ? null : Math.round(facts.amountSpent * 100) / 100,
    ss_last_order_at: facts.lastOrderAt === null ? null : new Date(facts.lastOrderAt).toISOString(),
    ss_primary_device: facts.primaryDevice,
    ss_abandoned_checkout_url: facts.checkoutRecoveryUrl,
    ss_cart_recovery_url: facts.cartRecoveryUrl,
  };
}
