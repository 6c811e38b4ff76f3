import { BlockStack, Card, DataTable, EmptyState, Text } from '@shopify/polaris';
import type { DeviceClass, Overview } from '../../../server/admin-api/build-overview.js';
import { formatNumber } from '../format.js';
import { EMPTY_CHART_IMAGE } from '../empty-chart-image.js';

const DEVICE_CLASSES: readonly DeviceClass[] = ['mobile', 'tablet', 'desktop', 'unknown'];
const DEVICE_LABELS: Record<DeviceClass, string> = { mobile: 'Mobile', tablet: 'Tablet', desktop: 'Desktop', unknown: 'Unknown' };

/** Event names by device class for the window, busiest first (the server sorts). */
export function EventCountsCard({ events, hours, demo }: { events: Overview['events']; hours: number; demo: boolean }) {
  const heading = `Events in the last ${hours} hours`;
  if (events.rows.length === 0) {
    return (
      <Card>
        <EmptyState
          heading={`No events in the last ${hours} hours`}
          image={EMPTY_CHART_IMAGE}
          action={demo ? { content: 'Open the demo store', url: '/demo/store', target: '_blank' } : undefined}
        >
          <Text as="p">Events appear here as soon as the storefront sends them.</Text>
        </EmptyState>
      </Card>
    );
  }
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {heading}
        </Text>
        <DataTable
          columnContentTypes={['text', 'numeric', 'numeric', 'numeric', 'numeric', 'numeric']}
          headings={['Event', ...DEVICE_CLASSES.map((d) => DEVICE_LABELS[d]), 'Total']}
          rows={events.rows.map((r) => [r.name, ...DEVICE_CLASSES.map((d) => formatNumber(r[d])), formatNumber(r.total)])}
          totals={['', ...DEVICE_CLASSES.map((d) => formatNumber(events.totals[d])), formatNumber(events.totals.total)]}
          showTotalsInFooter
        />
      </BlockStack>
    </Card>
  );
}
