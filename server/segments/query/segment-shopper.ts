/** One stored event as a behavioral condition sees it (`events` row; properties parsed from JSON). */
export interface SegmentShopperEvent {
  name: string;
  occurredAt: number;
  properties: Record<string, unknown>;
}

/**
 * What a query can see about one shopper: one field per queryable profile_traits column, named in
 * camelCase after the column (dates are ms since the epoch, null when it never happened), plus the
 * shopper's events for `shopper_events MATCHES (...)`. Null means "missing" (docs/segment-language.md#missing-values-null).
 */
export interface SegmentShopper {
  firstSeenAt: number | null;
  lastSeenAt: number | null;
  sessions: number;
  productViews: number;
  cartAdds: number;
  lastCartActivityAt: number | null;
  cartAbandonedAt: number | null;
  cartAbandonedValue: number | null;
  cartAbandonedItems: number | null;
  cartAbandonedDevice: string | null;
  checkoutAbandonedAt: number | null;
  checkoutAbandonedValue: number | null;
  checkoutAbandonedItems: number | null;
  numberOfOrders: number;
  amountSpent: number;
  averageOrderValue: number | null;
  firstOrderAt: number | null;
  lastOrderAt: number | null;
  meanDaysBetweenOrders: number | null;
  primaryDevice: string;
  devicesUsed: number;
  funnelStage: string;
  engagementDepth: number;
  frictionScore: number;
  emailSubscriptionStatus: string | null;
  rfmGroup: string | null;
  rfmRecencyScore: number | null;
  rfmFrequencyScore: number | null;
  rfmMonetaryScore: number | null;
  /** Tags as Shopify gives them (any case); compared case-insensitively, so folded tags work as well. */
  customerTags: readonly string[];
  /** Every stored event of the shopper, in any order. */
  events: readonly SegmentShopperEvent[];
}

/** A shopper with nothing known yet: the profile_traits column defaults (migration 007), no events. */
export const NEW_SEGMENT_SHOPPER: SegmentShopper = {
  firstSeenAt: null, lastSeenAt: null, sessions: 0, productViews: 0, cartAdds: 0, lastCartActivityAt: null,
  cartAbandonedAt: null, cartAbandonedValue: null, cartAbandonedItems: null, cartAbandonedDevice: null,
  checkoutAbandonedAt: null, checkoutAbandonedValue: null, checkoutAbandonedItems: null,
  numberOfOrders: 0, amountSpent: 0, averageOrderValue: null, firstOrderAt: null, lastOrderAt: null, meanDaysBetweenOrders: null,
  primaryDevice: 'UNKNOWN', devicesUsed: 0, funnelStage: 'BROWSING', engagementDepth: 0, frictionScore: 0,
  emailSubscriptionStatus: null, rfmGroup: 'PROSPECTS', rfmRecencyScore: null, rfmFrequencyScore: null, rfmMonetaryScore: null,
  customerTags: [], events: [],
};
