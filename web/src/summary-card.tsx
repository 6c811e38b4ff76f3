import { BlockStack, Card, InlineGrid, Text } from '@shopify/polaris';
import type { Overview } from '../../server/admin-api/build-overview.js';
import { formatNumber } from './format.js';

/** Three headline figures: profiles and events stored, and events in the window. */
export function SummaryCard({ overview }: { overview: Overview }) {
  const figures = [
    { label: 'Shopper profiles', value: overview.totals.profiles },
    { label: 'Events stored', value: overview.totals.events },
    { label: `Events, last ${overview.window.hours} hours`, value: overview.events.totals.total },
  ];
  return (
    <Card>
      <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
        {figures.map((f) => (
          <BlockStack gap="100" key={f.label}>
            <Text as="h3" variant="bodyMd" tone="subdued">
              {f.label}
            </Text>
            <Text as="p" variant="headingXl">
              {formatNumber(f.value)}
            </Text>
          </BlockStack>
        ))}
      </InlineGrid>
    </Card>
  );
}
