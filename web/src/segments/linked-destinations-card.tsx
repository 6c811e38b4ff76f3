import { useState } from 'react';
import { Banner, BlockStack, Button, Card, Divider, InlineStack, SkeletonBodyText, Text } from '@shopify/polaris';
import type { SegmentDestinationView } from '../../../server/admin-api/admin-api-types.js';
import { useAdminResource } from '../api/use-admin-resource.js';
import { downloadAdminFile } from '../destinations/download-admin-file.js';
import { LoadErrorBanner } from '../shared/load-error-banner.js';
import { LinkedDestinationItem } from './linked-destination-item.js';
import { LinkedDestinationPicker } from './linked-destination-picker.js';

/**
 * The segment's destinations (GET /api/segments/:id/destinations): each with its sync state, Sync now
 * and Unlink; "Link a destination"; and the members as a CSV file. The segment comes from the
 * prop, or from the page's address (/segments/:id).
 */
export function LinkedDestinationsCard({ segmentId }: { segmentId: number }) {
  const valid = Number.isSafeInteger(segmentId) && segmentId > 0;
  const { state, reload } = useAdminResource<SegmentDestinationView[]>(valid ? `/api/segments/${segmentId}/destinations` : null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  const exportCsv = () => {
    setExporting(true);
    setExportError(null);
    downloadAdminFile(`/api/segments/${segmentId}/members.csv`, `segment-${segmentId}-members.csv`)
      .catch((err: unknown) => setExportError(err instanceof Error ? err.message : String(err)))
      .finally(() => setExporting(false));
  };

  let body;
  if (!valid || state.status === 'loading') body = <SkeletonBodyText lines={4} />;
  else if (state.status === 'error') body = <LoadErrorBanner title="The linked destinations could not be loaded" message={state.message} onRetry={reload} />;
  else {
    const items = state.data;
    body = (
      <BlockStack gap="400">
        {items.length === 0 ? (
          <Text as="p" tone="subdued">
            No destinations yet. Link one to send this segment's shoppers to Klaviyo, Mailchimp, Shopify customer tags or a webhook,
            and keep it in step as shoppers enter and leave.
          </Text>
        ) : (
          items.map((item) => (
            <BlockStack key={item.destination.id} gap="400">
              <LinkedDestinationItem item={item} segmentId={segmentId} onChanged={reload} />
              <Divider />
            </BlockStack>
          ))
        )}
        <LinkedDestinationPicker segmentId={segmentId} linkedIds={items.map((i) => i.destination.id)} onLinked={reload} />
      </BlockStack>
    );
  }

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Linked destinations
          </Text>
          <Button variant="plain" onClick={exportCsv} loading={exporting} disabled={!valid}>
            Export CSV
          </Button>
        </InlineStack>
        {exportError && (
          <Banner tone="critical" title="The export did not download" onDismiss={() => setExportError(null)}>
            <Text as="p">{exportError}</Text>
          </Banner>
        )}
        {body}
      </BlockStack>
    </Card>
  );
}
