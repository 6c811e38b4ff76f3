import { useState } from 'react';
import { BlockStack, Card, EmptyState, Layout, Page, Text } from '@shopify/polaris';
import type { DestinationView } from '../../../server/admin-api/admin-api-types.js';
import { useAdminResource } from '../api/use-admin-resource.js';
import { PageSkeleton } from '../app/page-skeleton.js';
import { EMPTY_CHART_IMAGE } from '../empty-chart-image.js';
import { LoadErrorBanner } from '../shared/load-error-banner.js';
import { AddDestinationModal } from './add-destination-modal.js';
import { DestinationCard } from './destination-card.js';

const SUBTITLE = 'Where your segments are sent: email tools, Shopify customer tags and webhooks';

/** /destinations: every destination with its status, links and last sync, and "Add destination". */
export function DestinationsPage() {
  const { state, reload } = useAdminResource<DestinationView[]>('/api/destinations');
  const [adding, setAdding] = useState(false);
  const add = { content: 'Add destination', onAction: () => setAdding(true) };

  let content;
  if (state.status === 'loading') return <PageSkeleton title="Destinations" cards={2} />;
  if (state.status === 'error') {
    content = <LoadErrorBanner title="The destinations could not be loaded" message={state.message} onRetry={reload} />;
  } else {
    const destinations = state.data;
    content =
      destinations.length === 0 ? (
        <Card>
          <EmptyState heading="Send your segments where you act on them" image={EMPTY_CHART_IMAGE} action={add}>
            <Text as="p">
              Add Klaviyo, Mailchimp, Shopify customer tags or a webhook, then link segments to it. Only shoppers whose consent allows
              it are sent, and the app keeps each list in step as shoppers enter and leave.
            </Text>
          </EmptyState>
        </Card>
      ) : (
        <BlockStack gap="400">
          {destinations.map((d) => (
            <DestinationCard key={d.id} destination={d} onChanged={reload} />
          ))}
        </BlockStack>
      );
  }

  return (
    <Page title="Destinations" subtitle={SUBTITLE} primaryAction={add}>
      <Layout>
        <Layout.Section>{content}</Layout.Section>
      </Layout>
      <AddDestinationModal open={adding} onClose={() => setAdding(false)} onCreated={reload} />
    </Page>
  );
}
