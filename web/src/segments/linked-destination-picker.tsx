import { useState } from 'react';
import { Banner, BlockStack, Button, InlineStack, Link, Select, Text } from '@shopify/polaris';
import type { DestinationView } from '../../../server/admin-api/admin-api-types.js';
import { useAdminResource } from '../api/use-admin-resource.js';
import { linkSegment } from '../destinations/destination-api.js';
import { KIND_LABELS } from '../destinations/destination-labels.js';
import { LoadErrorBanner } from '../shared/load-error-banner.js';

/** "Link a destination": the shop's destinations this segment is not linked to yet. */
export function LinkedDestinationPicker({ segmentId, linkedIds, onLinked }: { segmentId: number; linkedIds: number[]; onLinked: () => void }) {
  const { state, reload } = useAdminResource<DestinationView[]>('/api/destinations');
  const [chosen, setChosen] = useState('');
  const [linking, setLinking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (state.status === 'loading') return null;
  if (state.status === 'error') return <LoadErrorBanner title="The destinations could not be loaded" message={state.message} onRetry={reload} />;
  const all = state.data;
  // The segment's own list decides what is linked: this list is only reloaded after a link made here.
  const available = all.filter((d) => !linkedIds.includes(d.id));
  if (available.length === 0) {
    return (
      <Text as="p" variant="bodySm" tone="subdued">
        {all.length === 0 ? 'No destinations yet: ' : 'Every destination is linked. '}
        <Link url="/destinations">{all.length === 0 ? 'add one on Destinations' : 'Add another on Destinations'}</Link>.
      </Text>
    );
  }
  const selected = available.some((d) => String(d.id) === chosen) ? chosen : String(available[0]!.id);

  const link = () => {
    setLinking(true);
    setError(null);
    linkSegment(Number(selected), segmentId).then(
      () => {
        setLinking(false);
        reload();
        onLinked();
      },
      (err: unknown) => {
        setLinking(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };

  return (
    <BlockStack gap="200">
      {error && (
        <Banner tone="critical" title="Not linked" onDismiss={() => setError(null)}>
          <Text as="p">{error}</Text>
        </Banner>
      )}
      <InlineStack gap="200" blockAlign="end" wrap={false}>
        <div style={{ flex: 1 }}>
          <Select
            label="Link a destination"
            options={available.map((d) => ({ label: `${d.name} (${KIND_LABELS[d.kind]})`, value: String(d.id) }))}
            value={selected}
            onChange={setChosen}
          />
        </div>
        <Button onClick={link} loading={linking}>
          Link
        </Button>
      </InlineStack>
    </BlockStack>
  );
}
