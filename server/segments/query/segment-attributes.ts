/**
 * The attributes our language shares with Shopify's segment query language, with Shopify's types
 * (shopify.dev segment-query-language-reference). Enum values are case-sensitive, as in Shopify.
 */
export const EMAIL_SUBSCRIPTION_STATUSES = ['SUBSCRIBED', 'NOT_SUBSCRIBED', 'UNSUBSCRIBED', 'PENDING', 'REDACTED', 'INVALID'] as const;

export const RFM_GROUPS = [
  'CHAMPIONS', 'LOYAL', 'ACTIVE', 'NEEDS_ATTENTION', 'PROMISING', 'NEW',
  'AT_RISK', 'PREVIOUSLY_LOYAL', 'ALMOST_LOST', 'DORMANT', 'PROSPECTS',
] as const;

export const SEGMENT_ATTRIBUTES = {
  amount_spent: { type: 'float' },
  number_of_orders: { type: 'integer' },
  first_order_date: { type: 'date' },
  last_order_date: { type: 'date' },
  abandoned_checkout_date: { type: 'date' },
  email_subscription_status: { type: 'enum', values: EMAIL_SUBSCRIPTION_STATUSES },
  rfm_group: { type: 'enum', values: RFM_GROUPS },
  customer_tags: { type: 'string_list' },
} as const;

export type SegmentAttributeName = keyof typeof SEGMENT_ATTRIBUTES;
export type NumberAttributeName = 'amount_spent' | 'number_of_orders';
export type DateAttributeName = 'first_order_date' | 'last_order_date' | 'abandoned_checkout_date';
export type EnumAttributeName = 'email_subscription_status' | 'rfm_group';
export type ListAttributeName = 'customer_tags';

export const SEGMENT_ATTRIBUTE_NAMES = Object.keys(SEGMENT_ATTRIBUTES) as SegmentAttributeName[];

export function isSegmentAttributeName(name: string): name is SegmentAttributeName {
  return Object.hasOwn(SEGMENT_ATTRIBUTES, name);
}
