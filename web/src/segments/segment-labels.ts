import type { ActivationChannel, RefreshPolicy, SegmentKpi, SegmentKpis } from './segment-types.js';

export const KPI_LABELS: Record<SegmentKpi, string> = {
  conversion_rate: 'Conversion rate',
  revenue_per_member: 'Revenue per member',
  average_order_value: 'Average order value',
  repeat_rate: 'Repeat rate',
  recovery_rate: 'Recovery rate',
};

export const CHANNEL_LABELS: Record<ActivationChannel, string> = {
  email: 'Email',
  sms: 'SMS',
  onsite: 'On-site',
  paid_ads: 'Paid ads',
  customer_tags: 'Customer tags',
  webhook: 'Webhook',
  none: 'None',
};

export const REFRESH_LABELS: Record<RefreshPolicy, string> = {
  live: 'Live (within a second)',
  hourly: 'Hourly',
  daily: 'Daily',
};

/** Where each KPI sits in the `kpis` object. */
export const KPI_FIELDS: Record<SegmentKpi, keyof Omit<SegmentKpis, 'headline' | 'windowDays' | 'baseline'>> = {
  conversion_rate: 'conversionRate',
  revenue_per_member: 'revenuePerMember',
  average_order_value: 'averageOrderValue',
  repeat_rate: 'repeatRate',
  recovery_rate: 'recoveryRate',
};

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Rates as percentages, money as an amount in the shop's currency (the API sends no currency code). */
export function formatKpi(kpi: SegmentKpi, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return kpi === 'revenue_per_member' || kpi === 'average_order_value' ? money.format(value) : percent.format(value);
}

const relative = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000]];

/** "5 minutes ago", "yesterday"; "just now" under a minute. */
export function formatRelativeTime(iso: string, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return relative.format(Math.round(diff / ms), unit);
  }
  return 'just now';
}
