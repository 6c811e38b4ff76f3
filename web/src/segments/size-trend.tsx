import { Text } from '@shopify/polaris';
import { formatNumber } from '../format.js';

/** The change in size over the last 7 days as "+12" / "−3" / "No change"; a dash when the server sends no trend. */
export function SizeTrend({ trend }: { trend?: { day: string; size: number }[] }) {
  if (!trend || trend.length === 0) return <Text as="span" tone="subdued">—</Text>;
  // One point: the segment was created today.
  if (trend.length === 1) return <Text as="span" tone="subdued">New</Text>;
  const delta = trend[trend.length - 1]!.size - trend[0]!.size;
  if (delta === 0) return <Text as="span" tone="subdued">No change</Text>;
  const text = delta > 0 ? `+${formatNumber(delta)}` : `−${formatNumber(-delta)}`;
  return <Text as="span" tone={delta > 0 ? 'success' : 'critical'} numeric>{text}</Text>;
}
