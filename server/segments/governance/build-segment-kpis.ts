import type { KpiAggregates } from '../../db/segment-report-queries.js';
import type { SegmentKpi } from './segment-governance.js';

export interface SegmentKpis {
  /** The KPI the segment is judged by, and its value (null when there is nothing to divide by). */
  headline: { kpi: SegmentKpi; value: number | null };
  /** Share of members who ordered in the last 30 days. */
  conversionRate: number | null;
  /** Amount spent (all time, shop currency) per member. */
  revenuePerMember: number | null;
  /** Amount spent per order across members. */
  averageOrderValue: number | null;
  /** Share of members with an order who have two or more. */
  repeatRate: number | null;
  /** Share of shoppers who entered in the last 30 days and ordered after entering. */
  recoveryRate: number | null;
  windowDays: number;
}

export const KPI_WINDOW_DAYS = 30;

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);
const money = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 100) / 100);

/** Pure: the five KPIs from the aggregates (rates as fractions rounded to 4 places, money to cents). */
export function buildSegmentKpis(kpi: SegmentKpi, a: KpiAggregates): SegmentKpis {
  const values = {
    conversionRate: ratio(a.recentBuyers, a.members),
    revenuePerMember: money(a.revenue, a.members),
    averageOrderValue: money(a.revenue, a.orders),
    repeatRate: ratio(a.repeatBuyers, a.buyers),
    recoveryRate: ratio(a.recovered, a.entered),
  };
  const byKpi: Record<SegmentKpi, number | null> = {
    conversion_rate: values.conversionRate,
    revenue_per_member: values.revenuePerMember,
    average_order_value: values.averageOrderValue,
    repeat_rate: values.repeatRate,
    recovery_rate: values.recoveryRate,
  };
  return { headline: { kpi, value: byKpi[kpi] }, ...values, windowDays: KPI_WINDOW_DAYS };
}
