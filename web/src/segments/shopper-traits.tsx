import { BlockStack, DataTable, Text } from '@shopify/polaris';
import { formatDateTime, formatNumber } from '../format.js';
import type { Profile } from './segment-types.js';

const date = (iso: string | null) => (iso ? formatDateTime(iso) : '—');
const num = (n: number | null, digits = 0) => (n === null ? '—' : digits ? n.toFixed(digits) : formatNumber(n));

/** The shopper's traits (docs/segments.md#traits) as label/value pairs. */
export function ShopperTraits({ profile: p }: { profile: Profile }) {
  const rows: [string, string][] = [
    ['Customer id', p.customerId ?? '—'],
    ['Profile id', String(p.profileId)],
    ['Email subscription', p.emailSubscriptionStatus ?? '—'],
    ['Funnel stage', p.funnelStage],
    ['Orders', num(p.numberOfOrders)],
    ['Amount spent', num(p.amountSpent, 2)],
    ['Average order value', num(p.averageOrderValue, 2)],
    ['First / last order', `${date(p.firstOrderDate)} / ${date(p.lastOrderDate)}`],
    ['Mean days between orders', num(p.meanDaysBetweenOrders, 1)],
    ['Sessions', num(p.sessions)],
    ['Product views / cart adds', `${num(p.productViews)} / ${num(p.cartAdds)}`],
    ['Primary device', `${p.primaryDevice} (${p.devicesUsed} used)`],
    ['Device mix', Object.entries(p.deviceMix).map(([d, n]) => `${d} ${n}`).join(', ') || '—'],
    ['Engagement depth', num(p.engagementDepth, 1)],
    ['Friction score', num(p.frictionScore)],
    ['First / last seen', `${date(p.firstSeenDate)} / ${date(p.lastSeenDate)}`],
    ['Tags', p.customerTags.join(', ') || '—'],
  ];
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm">Traits</Text>
      <DataTable columnContentTypes={['text', 'text']} headings={['Trait', 'Value']} rows={rows} increasedTableDensity />
    </BlockStack>
  );
}
