const numbers = new Intl.NumberFormat('en-US');
const dateTimes = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const days = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

export const formatNumber = (n: number) => numbers.format(n);

/** An ISO instant in the merchant's own time zone. */
export const formatDateTime = (iso: string) => dateTimes.format(new Date(iso));

/** A UTC day (YYYY-MM-DD) as "Nov 28". */
export const formatDay = (day: string) => days.format(new Date(`${day}T00:00:00Z`));

const percents = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 2 });
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** A fraction (0.0444) as "4.44%"; null (nothing to divide by) as an em dash. */
export const formatPercent = (fraction: number | null) => (fraction === null ? '—' : percents.format(fraction));

/** An amount in US dollars (published benchmarks are in USD). */
export const formatUsd = (amount: number) => dollars.format(amount);

/** How long ago an ISO instant was, coarsely: "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function formatAgo(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} ${hours === 1 ? 'hour' : 'hours'} ago`;
  return `${Math.round(hours / 24)} days ago`;
}
