import type { MemberRow } from '../db/segment-report-queries.js';

const iso = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString() : null);
const json = (text: unknown, fallback: unknown) => (typeof text === 'string' ? (JSON.parse(text) as unknown) : fallback);

/** A shopper as the admin shows it: traits in camelCase, dates as ISO strings, RFM as three scores and a group. */
export function serializeProfile(row: MemberRow) {
  const t = row.traits;
  return {
    profileId: row.profileId,
    customerId: row.customerId,
    email: row.email,
    enteredAt: iso(row.enteredAt),
    rfm: {
      group: t.rfm_group as string,
      recencyScore: t.rfm_recency_score as number | null,
      frequencyScore: t.rfm_frequency_score as number | null,
      monetaryScore: t.rfm_monetary_score as number | null,
      daysSinceLastOrder: t.rfm_recency_days as number | null,
    },
    firstSeenDate: iso(t.first_seen_at),
    lastSeenDate: iso(t.last_seen_at),
    sessions: t.sessions as number,
    productViews: t.product_views as number,
    cartAdds: t.cart_adds as number,
    lastCartActivityDate: iso(t.last_cart_activity_at),
    cartAbandonment: t.cart_abandoned_at === null ? null : {
      date: iso(t.cart_abandoned_at), value: t.cart_abandoned_value, items: t.cart_abandoned_items,
      device: t.cart_abandoned_device, recoveryUrl: t.cart_recovery_url,
    },
    checkoutAbandonment: t.checkout_abandoned_at === null ? null : {
      date: iso(t.checkout_abandoned_at), value: t.checkout_abandoned_value, items: t.checkout_abandoned_items, recoveryUrl: t.checkout_recovery_url,
    },
    numberOfOrders: t.number_of_orders as number,
    amountSpent: t.amount_spent as number,
    averageOrderValue: t.average_order_value as number | null,
    firstOrderDate: iso(t.first_order_at),
    lastOrderDate: iso(t.last_order_at),
    meanDaysBetweenOrders: t.mean_days_between_orders as number | null,
    primaryDevice: t.primary_device as string,
    deviceMix: json(t.device_mix, {}),
    devicesUsed: t.devices_used as number,
    funnelStage: t.funnel_stage as string,
    engagementDepth: t.engagement_depth as number,
    frictionScore: t.friction_score as number,
    emailSubscriptionStatus: t.email_subscription_status as string | null,
    customerTags: json(t.customer_tags, []),
    computedAt: iso(t.computed_at),
  };
}
