import type { SegmentShopper } from './segment-shopper.js';

/**
 * Every attribute a query can name: its type, the profile_traits column the SQL compiler reads and the
 * SegmentShopper field the evaluator reads (docs/segment-language.md#attributes, exact definitions in
 * docs/segments.md#traits). The first eight are Shopify's, with Shopify's names, types and enum values.
 * Enum values are case-sensitive, as in Shopify.
 */
export const EMAIL_SUBSCRIPTION_STATUSES = ['SUBSCRIBED', 'NOT_SUBSCRIBED', 'UNSUBSCRIBED', 'PENDING', 'REDACTED', 'INVALID'] as const;

export const RFM_GROUPS = [
  'CHAMPIONS', 'LOYAL', 'ACTIVE', 'NEEDS_ATTENTION', 'PROMISING', 'NEW',
  'AT_RISK', 'PREVIOUSLY_LOYAL', 'ALMOST_LOST', 'DORMANT', 'PROSPECTS',
] as const;

export const DEVICES = ['MOBILE', 'TABLET', 'DESKTOP', 'UNKNOWN'] as const;

export const FUNNEL_STAGES = ['BROWSING', 'CONSIDERING', 'CARTING', 'CHECKING_OUT', 'FIRST_TIME_CUSTOMER', 'REPEAT_CUSTOMER'] as const;

type AttributeDefinition =
  | { type: 'integer' | 'float' | 'date' | 'string_list'; column: string; field: keyof SegmentShopper }
  | { type: 'enum'; column: string; field: keyof SegmentShopper; values: readonly string[] };

export const SEGMENT_ATTRIBUTES = {
  // Shared with Shopify.
  amount_spent: { type: 'float', column: 'amount_spent', field: 'amountSpent' },
  number_of_orders: { type: 'integer', column: 'number_of_orders', field: 'numberOfOrders' },
  first_order_date: { type: 'date', column: 'first_order_at', field: 'firstOrderAt' },
  last_order_date: { type: 'date', column: 'last_order_at', field: 'lastOrderAt' },
  abandoned_checkout_date: { type: 'date', column: 'checkout_abandoned_at', field: 'checkoutAbandonedAt' },
  email_subscription_status: { type: 'enum', column: 'email_subscription_status', field: 'emailSubscriptionStatus', values: EMAIL_SUBSCRIPTION_STATUSES },
  rfm_group: { type: 'enum', column: 'rfm_group', field: 'rfmGroup', values: RFM_GROUPS },
  // Tags are stored folded for CONTAINS; the evaluator folds the shopper's tags itself.
  customer_tags: { type: 'string_list', column: 'customer_tags_folded', field: 'customerTags' },
  // Ours (docs/segments.md#traits).
  first_seen_date: { type: 'date', column: 'first_seen_at', field: 'firstSeenAt' },
  last_seen_date: { type: 'date', column: 'last_seen_at', field: 'lastSeenAt' },
  sessions: { type: 'integer', column: 'sessions', field: 'sessions' },
  product_views: { type: 'integer', column: 'product_views', field: 'productViews' },
  cart_adds: { type: 'integer', column: 'cart_adds', field: 'cartAdds' },
  last_cart_activity_date: { type: 'date', column: 'last_cart_activity_at', field: 'lastCartActivityAt' },
  cart_abandoned_date: { type: 'date', column: 'cart_abandoned_at', field: 'cartAbandonedAt' },
  cart_abandoned_value: { type: 'float', column: 'cart_abandoned_value', field: 'cartAbandonedValue' },
  cart_abandoned_items: { type: 'integer', column: 'cart_abandoned_items', field: 'cartAbandonedItems' },
  cart_abandoned_device: { type: 'enum', column: 'cart_abandoned_device', field: 'cartAbandonedDevice', values: DEVICES },
  checkout_abandoned_value: { type: 'float', column: 'checkout_abandoned_value', field: 'checkoutAbandonedValue' },
  checkout_abandoned_items: { type: 'integer', column: 'checkout_abandoned_items', field: 'checkoutAbandonedItems' },
  average_order_value: { type: 'float', column: 'average_order_value', field: 'averageOrderValue' },
  mean_days_between_orders: { type: 'float', column: 'mean_days_between_orders', field: 'meanDaysBetweenOrders' },
  primary_device: { type: 'enum', column: 'primary_device', field: 'primaryDevice', values: DEVICES },
  devices_used: { type: 'integer', column: 'devices_used', field: 'devicesUsed' },
  funnel_stage: { type: 'enum', column: 'funnel_stage', field: 'funnelStage', values: FUNNEL_STAGES },
  engagement_depth: { type: 'float', column: 'engagement_depth', field: 'engagementDepth' },
  friction_score: { type: 'integer', column: 'friction_score', field: 'frictionScore' },
  rfm_recency_score: { type: 'integer', column: 'rfm_recency_score', field: 'rfmRecencyScore' },
  rfm_frequency_score: { type: 'integer', column: 'rfm_frequency_score', field: 'rfmFrequencyScore' },
  rfm_monetary_score: { type: 'integer', column: 'rfm_monetary_score', field: 'rfmMonetaryScore' },
} as const satisfies Record<string, AttributeDefinition>;

type Attributes = typeof SEGMENT_ATTRIBUTES;
type AttributeOfType<T> = { [K in keyof Attributes]: Attributes[K]['type'] extends T ? K : never }[keyof Attributes];

export type SegmentAttributeName = keyof Attributes;
export type NumberAttributeName = AttributeOfType<'integer' | 'float'>;
export type DateAttributeName = AttributeOfType<'date'>;
export type EnumAttributeName = AttributeOfType<'enum'>;
export type ListAttributeName = AttributeOfType<'string_list'>;

/** The name that introduces a behavioral condition (`shopper_events MATCHES (...)`). */
export const SHOPPER_EVENTS = 'shopper_events';

export const SEGMENT_ATTRIBUTE_NAMES = Object.keys(SEGMENT_ATTRIBUTES) as SegmentAttributeName[];

export function isSegmentAttributeName(name: string): name is SegmentAttributeName {
  return Object.hasOwn(SEGMENT_ATTRIBUTES, name);
}
