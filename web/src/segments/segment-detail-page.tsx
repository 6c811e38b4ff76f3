import { useState } from 'react';
import { Badge, Banner, BlockStack, Card, Layout, Page, SkeletonBodyText, SkeletonPage, Text } from '@shopify/polaris';
import { useAdminResource } from '../api/use-admin-resource.js';
import { formatNumber } from '../format.js';
import { DeleteSegmentModal } from './delete-segment-modal.js';
import { LinkedDestinationsCard } from './linked-destinations-card.js';
import { LoadErrorBanner } from '../shared/load-error-banner.js';
import { SegmentDefinitionCard } from './segment-definition-card.js';
import { SegmentKpisCard } from './segment-kpis-card.js';
import { SegmentMembersCard } from './segment-members-card.js';
import type { Segment } from './segment-types.js';
import { SizeHistoryCard } from './size-history-card.js';

/** /segments/:id: definition, size over time, KPIs against the store, members with a shopper drawer, destinations. */
export function SegmentDetailPage({ id }: { id?: number | string }) {
  const segmentId = Number(id);
  const valid = Number.isInteger(segmentId) && segmentId > 0;
  const { state, reload } = useAdminResource<{ segment: Segment }>(valid ? `/api/segments/${segmentId}` : null);
  const [deleting, setDeleting] = useState(false);
  const back = { content: 'Segments', url: '/segments' };

  if (!valid) {
    return (
      <Page title="Segment not found" backAction={back}>
        <Banner tone="critical" title="No such segment" action={back}><Text as="p">This address does not name a segment.</Text></Banner>
      </Page>
    );
  }
  if (state.status === 'loading') {
    return (
      <SkeletonPage title="Segment" backAction>
        <Layout>
          <Layout.Section><Card><SkeletonBodyText lines={6} /></Card></Layout.Section>
          <Layout.Section variant="oneThird"><Card><SkeletonBodyText lines={6} /></Card></Layout.Section>
        </Layout>
      </SkeletonPage>
    );
  }
  if (state.status === 'error') {
    return (
      <Page title="Segment" backAction={back}>
        <LoadErrorBanner title="The segment could not be loaded" message={state.message} onRetry={reload} />
      </Page>
    );
  }
  const { segment } = state.data;
  return (
    <Page
      title={segment.name}
      titleMetadata={segment.status === 'active' ? <Badge tone="success">Active</Badge> : <Badge>Paused</Badge>}
      subtitle={`${formatNumber(segment.memberCount)} members`}
      backAction={back}
      primaryAction={{ content: 'Edit', url: `/segments/${segment.id}/edit` }}
      secondaryActions={[{ content: 'Delete', destructive: true, onAction: () => setDeleting(true) }]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <SegmentDefinitionCard segment={segment} />
            <SizeHistoryCard segmentId={segment.id} />
            <SegmentMembersCard segmentId={segment.id} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <SegmentKpisCard segment={segment} />
            <LinkedDestinationsCard segmentId={segment.id} />
          </BlockStack>
        </Layout.Section>
      </Layout>
      <DeleteSegmentModal id={segment.id} name={segment.name} open={deleting} onClose={() => setDeleting(false)} />
    </Page>
  );
}

