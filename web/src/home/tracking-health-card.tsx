import { Badge, BlockStack, Card, InlineGrid, InlineStack, Text } from '@shopify/polaris';
import type { HomeReport } from '../../../server/admin-api/admin-api-types.js';
import { formatAgo, formatNumber } from '../format.js';
import { TrackingStepsList } from '../shared/tracking-steps-list.js';

/** Is data flowing: the app embed, the checkout pixel and recent events, with the steps for what is missing. */
export function TrackingHealthCard({ tracking }: { tracking: HomeReport['tracking'] }) {
  const todo = tracking.steps.filter((s) => !s.done).length;
  const figures = [
    { label: 'Events, last 24 hours', value: formatNumber(tracking.eventsLast24h) },
    { label: 'Last storefront event', value: tracking.lastStorefrontEventAt ? formatAgo(tracking.lastStorefrontEventAt) : 'None yet' },
    { label: 'Last checkout event', value: tracking.lastPixelEventAt ? formatAgo(tracking.lastPixelEventAt) : 'None yet' },
  ];
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Tracking health
          </Text>
          {todo === 0 ? <Badge tone="success">All tracking on</Badge> : <Badge tone="warning">{`${todo} ${todo === 1 ? 'step' : 'steps'} to do`}</Badge>}
        </InlineStack>
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
          {figures.map((f) => (
            <BlockStack gap="100" key={f.label}>
              <Text as="p" variant="bodySm" tone="subdued">
                {f.label}
              </Text>
              <Text as="p" variant="headingLg">
                {f.value}
              </Text>
            </BlockStack>
          ))}
        </InlineGrid>
        <TrackingStepsList steps={tracking.steps} />
      </BlockStack>
    </Card>
  );
}
