import { useState } from 'react';
import { Banner, BlockStack, Box, Button, ButtonGroup, Card, Divider, InlineStack, Text } from '@shopify/polaris';
import type { DestinationView } from '../../../server/admin-api/admin-api-types.js';
import { testDestination, updateDestination, type TestResult } from './destination-api.js';
import { DeleteDestinationModal } from './delete-destination-modal.js';
import { DestinationLinksList } from './destination-links-list.js';
import { KIND_LABELS, isRunActive } from './destination-labels.js';
import { DestinationStatusBadge, credentialsRejected } from './destination-status-badge.js';
import { EditDestinationModal } from './edit-destination-modal.js';
import { SyncProgress } from './sync-progress.js';
import { SyncRunSummary } from './sync-run-summary.js';
import { TestConnectionResult } from './test-connection-result.js';
import { useSyncRun } from './use-sync-run.js';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** One destination: status, linked segments, last sync (or its progress) and what the merchant can do with it. */
export function DestinationCard({ destination, onChanged }: { destination: DestinationView; onChanged: () => void }) {
  const sync = useSyncRun(destination.id, destination.lastRun, onChanged);
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<TestResult | null>(null);
  const [toggling, setToggling] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const paused = destination.status === 'paused';
  const running = isRunActive(sync.run);

  const test = () => {
    setTesting(true);
    setTestResult(null);
    testDestination(destination.id).then(
      (result) => setTestResult(result),
      (err: unknown) => setTestResult({ ok: false, code: 'request_failed', message: message(err) }),
    ).finally(() => setTesting(false));
  };
  const togglePause = () => {
    setToggling(true);
    setActionError(null);
    updateDestination(destination.id, { status: paused ? 'active' : 'paused' }).then(
      () => onChanged(),
      (err: unknown) => setActionError(message(err)),
    ).finally(() => setToggling(false));
  };

  const syncBlocked = paused ? 'Resume the destination to sync it.' : destination.links.length === 0 ? 'Link a segment to sync.' : null;

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="start" gap="200">
          <BlockStack gap="100">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {destination.name}
              </Text>
              <DestinationStatusBadge destination={destination} />
            </InlineStack>
            <Text as="p" tone="subdued">
              {KIND_LABELS[destination.kind]}
            </Text>
          </BlockStack>
          <Button variant="primary" onClick={sync.start} loading={sync.starting} disabled={running || syncBlocked !== null}>
            {running ? 'Syncing…' : 'Sync now'}
          </Button>
        </InlineStack>

        {credentialsRejected(destination) && (
          <Banner tone="critical" title="Paused: credentials rejected" action={{ content: 'Replace credentials', onAction: () => setDialog('edit') }}>
            <Text as="p">{destination.paused?.message ?? `${KIND_LABELS[destination.kind]} refused the saved credentials.`} Syncing resumes once they are replaced.</Text>
          </Banner>
        )}
        {sync.error && (
          <Banner tone="critical" title="Sync problem" onDismiss={sync.dismissError}>
            <Text as="p">{sync.error}</Text>
          </Banner>
        )}
        {actionError && (
          <Banner tone="critical" title="The change was not saved" onDismiss={() => setActionError(null)}>
            <Text as="p">{actionError}</Text>
          </Banner>
        )}
        {testResult && <TestConnectionResult result={testResult} onDismiss={() => setTestResult(null)} />}

        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            Linked segments
          </Text>
          <DestinationLinksList destination={destination} />
        </BlockStack>

        <BlockStack gap="200">
          {running ? <SyncProgress run={sync.run!} /> : <SyncRunSummary run={sync.run} />}
          {syncBlocked && !running && (
            <Text as="p" variant="bodySm" tone="subdued">
              {syncBlocked}
            </Text>
          )}
        </BlockStack>

        <Divider />
        <Box>
          <ButtonGroup>
            <Button onClick={test} loading={testing}>
              Test connection
            </Button>
            <Button onClick={() => setDialog('edit')}>Edit</Button>
            <Button onClick={togglePause} loading={toggling}>
              {paused ? 'Resume' : 'Pause'}
            </Button>
            <Button tone="critical" variant="plain" onClick={() => setDialog('delete')}>
              Delete
            </Button>
          </ButtonGroup>
        </Box>
      </BlockStack>
      {dialog === 'edit' && <EditDestinationModal destination={destination} onClose={() => setDialog(null)} onSaved={onChanged} />}
      {dialog === 'delete' && <DeleteDestinationModal destination={destination} onClose={() => setDialog(null)} onDeleted={onChanged} />}
    </Card>
  );
}
