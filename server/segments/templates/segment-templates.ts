import type { Activation, RefreshPolicy, SegmentKpi } from '../governance/segment-governance.js';

export interface SegmentTemplate {
  key: string;
  name: string;
  /** One line: who is in it and why the merchant should care. */
  purpose: string;
  query: string;
  kpi: SegmentKpi;
  activation: Activation;
  refreshPolicy: RefreshPolicy;
}

/**
 * The starting segments (docs/segments.md#templates). Queries are in the segment language; a test parses
 * every one, and their activations are distinct so the governance warning starts silent.
 */
export const SEGMENT_TEMPLATES: readonly SegmentTemplate[] = [
  {
    key: 'cart_abandoners',
    name: 'Cart abandoners (last 7 days)',
    purpose: 'Left items in a cart in the last 7 days and have not bought since.',
    query: 'cart_abandoned_date >= -7d',
    kpi: 'recovery_rate',
    activation: { channel: 'email', plan: 'Cart reminder 1 hour after abandonment with the cart link, a second one at 24 hours; no discount in the first message.' },
    refreshPolicy: 'live',
  },
  {
    key: 'checkout_abandoners',
    name: 'Checkout abandoners',
    purpose: 'Started checkout in the last 7 days without completing it; each has Shopify\'s recovery link.',
    query: 'abandoned_checkout_date >= -7d',
    kpi: 'recovery_rate',
    activation: { channel: 'email', plan: 'Send Shopify\'s checkout recovery link within 1 hour, answering shipping-cost and returns questions (the top abandonment reasons).' },
    refreshPolicy: 'live',
  },
  {
    key: 'vip',
    name: 'VIP (champions)',
    purpose: 'Bought recently, often and the most: the customers the business depends on.',
    query: "rfm_group = 'CHAMPIONS'",
    kpi: 'revenue_per_member',
    activation: { channel: 'customer_tags', plan: 'Tag "vip" for early access to launches and priority support; leave them out of discount campaigns.' },
    refreshPolicy: 'live',
  },
  {
    key: 'loyal',
    name: 'Loyal customers',
    purpose: 'Order often and recently, without being top spenders yet.',
    query: "rfm_group = 'LOYAL'",
    kpi: 'repeat_rate',
    activation: { channel: 'email', plan: 'Invite to the loyalty or referral program and ask for a review; recommend higher-value products.' },
    refreshPolicy: 'live',
  },
  {
    key: 'win_back',
    name: 'At risk (win-back)',
    purpose: 'Used to buy well or often but have not ordered for a while.',
    query: "rfm_group = 'AT_RISK' OR rfm_group = 'PREVIOUSLY_LOYAL'",
    kpi: 'conversion_rate',
    activation: { channel: 'email', plan: 'Win-back series: what is new since their last order, then a time-limited offer on the third message.' },
    refreshPolicy: 'live',
  },
  {
    key: 'dormant',
    name: 'Dormant customers',
    purpose: 'Bought once or twice, long ago, for little: the cheapest to lose, the costliest to keep mailing.',
    query: "rfm_group = 'DORMANT'",
    kpi: 'conversion_rate',
    activation: { channel: 'email', plan: 'One last-chance offer, then move to a monthly digest to protect sender reputation.' },
    refreshPolicy: 'daily',
  },
  {
    key: 'first_time_buyers',
    name: 'First-time buyers (last 30 days)',
    purpose: 'Placed their first and only order in the last 30 days: the second order decides whether they stay.',
    query: 'number_of_orders = 1 AND first_order_date >= -30d',
    kpi: 'repeat_rate',
    activation: { channel: 'email', plan: 'Post-purchase onboarding: product care at day 3, review request at day 14, a complementary product at day 21.' },
    refreshPolicy: 'live',
  },
  {
    key: 'repeat_buyers',
    name: 'Repeat buyers',
    purpose: 'Have ordered at least twice.',
    query: 'number_of_orders >= 2',
    kpi: 'average_order_value',
    activation: { channel: 'onsite', plan: 'Show bundles and "complete the set" recommendations to raise the basket.' },
    refreshPolicy: 'live',
  },
  {
    key: 'high_intent_browsers',
    name: 'High-intent browsers',
    purpose: 'Viewed 3 or more products in the last 7 days but added nothing to a cart.',
    query: "shopper_events MATCHES (name = 'Product_Viewed', date >= -7d, count >= 3) AND shopper_events NOT MATCHES (name = 'Cart_ItemAdded', date >= -7d)",
    kpi: 'conversion_rate',
    activation: { channel: 'paid_ads', plan: 'Retarget with the products they viewed and reviews of them; no discount.' },
    refreshPolicy: 'live',
  },
  {
    key: 'mobile_shoppers',
    name: 'Mobile shoppers',
    purpose: 'Most of their sessions are on a phone, where conversion is about half of desktop\'s.',
    query: "primary_device = 'MOBILE'",
    kpi: 'conversion_rate',
    activation: { channel: 'sms', plan: 'Short SMS-first messages with links to mobile landing pages and wallet payments (Shop Pay, Apple Pay).' },
    refreshPolicy: 'live',
  },
  {
    key: 'desktop_shoppers',
    name: 'Desktop shoppers',
    purpose: 'Most of their sessions are on a computer: they read more and buy bigger baskets.',
    query: "primary_device = 'DESKTOP'",
    kpi: 'average_order_value',
    activation: { channel: 'email', plan: 'Long-form emails with comparisons, guides and bundles.' },
    refreshPolicy: 'live',
  },
  {
    key: 'mobile_cart_abandoners',
    name: 'Mobile cart abandoners',
    purpose: 'Abandoned a cart on a phone in the last 7 days, where abandonment runs near 86%.',
    query: "cart_abandoned_date >= -7d AND cart_abandoned_device = 'MOBILE'",
    kpi: 'recovery_rate',
    activation: { channel: 'sms', plan: 'SMS cart reminder (where SMS consent exists) with a one-tap cart link; email as fallback.' },
    refreshPolicy: 'live',
  },
  {
    key: 'frustrated_shoppers',
    name: 'Frustrated shoppers',
    purpose: 'Rage clicks, dead clicks and quick U-turns in the last 30 days: the site got in their way.',
    query: 'friction_score >= 6',
    kpi: 'conversion_rate',
    activation: { channel: 'webhook', plan: 'Send to the support tool for a proactive chat offer, and keep them out of promotional sends for 7 days.' },
    refreshPolicy: 'live',
  },
];

export function findSegmentTemplate(key: string): SegmentTemplate | undefined {
  return SEGMENT_TEMPLATES.find((t) => t.key === key);
}
