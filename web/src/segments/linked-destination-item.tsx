import { useState } from 'react';
import { Banner, BlockStack, Button, InlineStack, Link, Text } from '@shopify/polaris';
import type { SegmentDestinationView } from '../../../server/admin-api/admin-api-types.js';
import { unlinkSegment } from '../destinations/destination-api.js';
import { KIND_LABELS, REMOTE_REF_LABELS, isRunActive } from '../destinations/destination-labels.js';
import { DestinationStatusBadge, credentialsRejected } from '../destinations/destination-status-badge.js';
import { SyncProgress } from '../destinations/sync-progress.js';
import { SyncRunSummary } from '../destinations/sync-run-summary.js';
import { useSyncRun } from '../destinations/use-sync-run.js';
import { formatNumber } from '../format.js';

/** One destination this segment is linked to: where it lands, how many are there, the last sync, Sync now and Unlink. */
export function LinkedDestinationItem({ item, segmentId, onChanged }: { item: SegmentDestinationView; segmentId: number; onChanged: () => void }) {
  const { destination, link } = item;
  const sync = useSyncRun(destination.id, item.lastRun, onChanged);
  const [unlinking, setUnlinking] = useState(false);
  const [unlinkError, setUnlinkError] = useState<string | null>(null);
  const running = isRunActive(sync.run);
  const paused = destination.status === 'paused';

  const unlink = () => {
    setUnlinking(true);
    setUnlinkError(null);
    unlinkSegment(destination.id, segmentId).then(
      () => onChanged(),
      (err: unknown) => {
        setUnlinking(false);
        setUnlinkError(err instanceof Error ? err.message : String(err));
      },
    );
  };

  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center" align="space-between">
        <BlockStack gap="050">
          <Text as="h3" variant="headingSm">
            <Link url="/destinations" removeUnderline>
              {destination.name}
            </Link>
          </Text>
          <Text as="p" variant="bodySm" tone="subdued">
            {KIND_LABELS[destination.kind]}
          </Text>
        </BlockStack>
        <DestinationStatusBadge destination={destination} />
      </InlineStack>
      {credentialsRejected(destination) && destination.paused?.message && (
        <Text as="p" variant="bodySm" tone="critical">
          {destination.paused.message}
        </Text>
      )}
      <Text as="p" variant="bodySm">
        {[
          link.remoteRef ? `${REMOTE_REF_LABELS[destination.kind]} ${link.remoteRef}` : 'Created on the first sync',
          `${formatNumber(link.syncedMembers)} synced members`,
          ...(link.deadOperations > 0 ? [`${formatNumber(link.deadOperations)} rejected for good`] : []),
        ].join(' · ')}
      </Text>
      {running ? <SyncProgress run={sync.run!} /> : <SyncRunSummary run={sync.run} />}
      {sync.error && (
        <Banner tone="critical" onDismiss={sync.dismissError}>
          <Text as="p">{sync.error}</Text>
        </Banner>
      )}
      {unlinkError && (
        <Banner tone="critical" title="Not unlinked" onDismiss={() => setUnlinkError(null)}>
          <Text as="p">{unlinkError}</Text>
        </Banner>
      )}
      <InlineStack gap="200">
        <Button onClick={sync.start} loading={sync.starting} disabled={running || paused} accessibilityLabel={`Sync ${destination.name} now`}>
          {running ? 'Syncing…' : 'Sync now'}
        </Button>
        <Button onClick={unlink} loading={unlinking} variant="plain" tone="critical" accessibilityLabel={`Unlink ${destination.name}`}>
          Unlink
        </Button>
      </InlineStack>
    </BlockStack>
  );
}
