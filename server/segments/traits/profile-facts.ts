import type { TimeDependence } from '../query/time-dependence.js';

/** The device reduced from a user agent, as the events and orders tables store it. */
export type FactDevice = 'mobile' | 'tablet' | 'desktop' | 'unknown';

/** One stored event of the profile. `properties` is parsed only for PROPERTY_EVENT_NAMES, null otherwise. */
export interface FactEvent {
  eventId: string;
  name: string;
  occurredAt: number;
  sessionId: string | null;
  device: FactDevice;
  cartToken: string | null;
  checkoutToken: string | null;
  properties: Record<string, unknown> | null;
}

/**
 * The events of one (name, session, device, UTC day) whose name is in groupedEventNames(...), counted
 * instead of listed: views are most of a profile's events and the traits need only their counts,
 * sessions, devices, first and last times and days (docs/segments.md "Event groups").
 */
export interface FactViewGroup {
  name: string;
  sessionId: string | null;
  device: FactDevice;
  /** Math.floor(occurredAt / 86_400_000) of every event of the group. */
  day: number;
  /** >= 1. */
  count: number;
  firstAt: number;
  lastAt: number;
}

/** An orders row (migration 003). */
export interface FactOrder {
  orderId: string;
  total: number | null;
  createdAt: number;
  cancelledAt: number | null;
  test: boolean;
  device: string;
  cartToken: string | null;
  checkoutToken: string | null;
  itemCount: number;
}

/** A checkouts row (migration 003). */
export interface FactCheckout {
  token: string;
  cartToken: string | null;
  total: number | null;
  itemCount: number;
  abandonedCheckoutUrl: string | null;
  createdAt: number;
  updatedAt: number;
  completedAt: number | null;
}

/** The customers row: what Shopify's customer webhooks told us. */
export interface FactCustomer {
  /** Shopify's email marketing consent state, lower-cased (subscribed, not_subscribed, ...). */
  emailConsentState: string | null;
  /** Shopify's comma-separated tags ("vip, wholesale"). */
  tags: string | null;
  /** Shopify's lifetime totals: they include orders older than the 60 days of history we can read. */
  ordersCount: number | null;
  totalSpent: number | null;
}

/** Everything stored about one profile: the whole input of computeProfileTraits. */
export interface ProfileFacts {
  profileId: number;
  shopId: number;
  customerId: string | null;
  /** From the profiles row. */
  firstSeenAt: number;
  lastSeenAt: number;
  /** Ascending occurredAt, then id; without the events counted in viewGroups. */
  events: FactEvent[];
  /** Ascending (firstAt, name, sessionId, device); a grouped name appears only here, never in `events`. */
  viewGroups: FactViewGroup[];
  orders: FactOrder[];
  checkouts: FactCheckout[];
  customer: FactCustomer | null;
}

export interface TraitContext {
  nowMs: number;
  /** The shop's myshopify domain, for cart permalinks. */
  shopDomain: string;
  /** Idle time after which a cart (and a checkout, unless set apart below) counts as abandoned (default DEFAULT_ABANDONMENT_WINDOW_MS). */
  abandonmentWindowMs: number;
  /** The shop's own window for started checkouts, when it differs from the cart's. */
  checkoutAbandonmentWindowMs?: number;
  /** Merged over the shop's active segments: which instants can flip a membership. */
  timeDependence: TimeDependence;
}

export const DEFAULT_ABANDONMENT_WINDOW_MS = 3_600_000;
