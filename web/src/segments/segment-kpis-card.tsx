import { BlockStack, Card, DataTable, Text } from '@shopify/polaris';
import { formatKpi, KPI_FIELDS, KPI_LABELS } from './segment-labels.js';
import type { Segment, SegmentKpi } from './segment-types.js';

const ORDER = Object.keys(KPI_LABELS) as SegmentKpi[];

/** All five KPIs over the current members, the headline one first, with the store's baseline for it. */
export function SegmentKpisCard({ segment }: { segment: Segment }) {
  const { kpis, kpi } = segment;
  const rows = [kpi, ...ORDER.filter((k) => k !== kpi)].map((k) => [
    k === kpi ? `${KPI_LABELS[k]} (headline)` : KPI_LABELS[k],
    formatKpi(k, kpis[KPI_FIELDS[k]]),
  ]);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">KPIs, last {kpis.windowDays} days</Text>
        <BlockStack gap="050">
          <Text as="p" variant="headingLg">{formatKpi(kpi, kpis.headline.value)}</Text>
          <Text as="p" tone="subdued">
            {KPI_LABELS[kpi]}
            {kpis.baseline !== undefined ? ` · store baseline ${formatKpi(kpi, kpis.baseline)}` : ''}
          </Text>
        </BlockStack>
        <DataTable columnContentTypes={['text', 'numeric']} headings={['KPI', 'Value']} rows={rows} />
      </BlockStack>
    </Card>
  );
}
