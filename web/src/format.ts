const numbers = new Intl.NumberFormat('en-US');
const dateTimes = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const days = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

export const formatNumber = (n: number) => numbers.format(n);

/** An ISO instant in the merchant's own time zone. */
export const formatDateTime = (iso: string) => dateTimes.format(new Date(iso));

/** A UTC day (YYYY-MM-DD) as "Nov 28". */
export const formatDay = (day: string) => days.format(new Date(`${day}T00:00:00Z`));
