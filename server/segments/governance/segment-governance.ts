/** The vocabulary of a segment's business purpose (docs/segments.md#governance). */
export const SEGMENT_KPIS = ['conversion_rate', 'revenue_per_member', 'average_order_value', 'repeat_rate', 'recovery_rate'] as const;
export type SegmentKpi = (typeof SEGMENT_KPIS)[number];

/** Where the activation happens: the destinations of issue 7 plus the merchant's own channels. */
export const ACTIVATION_CHANNELS = ['email', 'sms', 'onsite', 'paid_ads', 'customer_tags', 'webhook', 'none'] as const;
export type ActivationChannel = (typeof ACTIVATION_CHANNELS)[number];

export const REFRESH_POLICIES = ['live', 'hourly', 'daily'] as const;
export type RefreshPolicy = (typeof REFRESH_POLICIES)[number];

export interface Activation {
  channel: ActivationChannel;
  /** What is done differently for this group: the message, offer, timing or exclusion. */
  plan: string;
}
