import { useState } from 'react';
import { Banner, BlockStack, Button, Card, InlineStack, ProgressBar, SkeletonBodyText, Text } from '@shopify/polaris';
import type { RecomputeStatus } from '../../../server/admin-api/admin-api-types.js';
import { useAdminResource } from '../api/use-admin-resource.js';
import { fetchAdminApi } from '../fetch-admin-api.js';
import { formatDateTime, formatNumber } from '../format.js';
import { LoadErrorBanner } from '../shared/load-error-banner.js';
import { usePollWhile } from '../shared/use-poll-while.js';

/** "Recompute all segments": POST starts it, then GET is polled until it is done, with counts. */
export function RecomputeCard() {
  const { state, reload } = useAdminResource<RecomputeStatus>('/api/segments/recompute');
  const [started, setStarted] = useState<RecomputeStatus | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  // The POST's answer shows at once; the polled GET replaces it from the next tick.
  const status = state.status === 'ready' && (!started || state.data.startedAt === started.startedAt) ? state.data : started;
  const running = status?.status === 'running';
  usePollWhile(running, reload, 1000);

  async function start() {
    setStarting(true);
    setStartError(null);
    try {
      setStarted(await fetchAdminApi<RecomputeStatus>('/api/segments/recompute', { method: 'POST' }));
      reload();
    } catch (err) {
      setStartError(err instanceof Error ? err.message : String(err));
      reload();
    } finally {
      setStarting(false);
    }
  }

  let body;
  if (state.status === 'loading' && !status) body = <SkeletonBodyText lines={2} />;
  else if (state.status === 'error' && !status) body = <LoadErrorBanner title="The recompute status could not be loaded" message={state.message} onRetry={reload} />;
  else if (status) body = <RecomputeProgress status={status} />;

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Recompute all segments
        </Text>
        <Text as="p" tone="subdued">
          Segments update by themselves as shoppers act. Recompute every shopper's traits and every segment's members now, for
          example after changing the windows above or importing orders.
        </Text>
        {startError && (
          <Banner tone="critical" title="The recompute did not start" onDismiss={() => setStartError(null)}>
            {startError}
          </Banner>
        )}
        {body}
        <InlineStack>
          <Button onClick={start} loading={starting} disabled={running}>
            {running ? 'Recomputing…' : 'Recompute all segments'}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function RecomputeProgress({ status }: { status: RecomputeStatus }) {
  const counts = `${formatNumber(status.profilesDone)} of ${formatNumber(status.profilesTotal)} shoppers`;
  if (status.status === 'running') {
    const percent = status.profilesTotal > 0 ? Math.floor((status.profilesDone / status.profilesTotal) * 100) : 0;
    return (
      <BlockStack gap="100">
        <ProgressBar progress={percent} size="small" ariaLabelledBy="recompute-progress-label" />
        <Text as="p" id="recompute-progress-label" variant="bodySm">
          {`Recomputing: ${counts} (${percent}%)`}
        </Text>
      </BlockStack>
    );
  }
  if (status.status === 'failed') {
    return (
      <Banner tone="critical" title="The last recompute stopped">
        {`${status.error ?? 'It stopped before the end.'} ${counts} were done. Start it again to finish.`}
      </Banner>
    );
  }
  if (status.status === 'done') {
    return (
      <Text as="p" tone="success">
        {`Last recompute finished${status.finishedAt ? ` ${formatDateTime(status.finishedAt)}` : ''}: ${counts}.`}
      </Text>
    );
  }
  return (
    <Text as="p" tone="subdued">
      No full recompute has run since the app started.
    </Text>
  );
}
