import { useId } from 'react';
import { BlockStack, ProgressBar, Text } from '@shopify/polaris';
import type { SyncRunView } from '../../../server/admin-api/admin-api-types.js';
import { formatNumber } from '../format.js';

/** A running sync: done / total operations as a bar, with the same figures in words for screen readers. */
export function SyncProgress({ run }: { run: SyncRunView }) {
  const labelId = useId();
  const percent = run.total > 0 ? Math.min(100, Math.floor((run.done / run.total) * 100)) : 0;
  const text =
    run.status === 'queued' || run.total === 0
      ? 'Preparing the sync…'
      : `Syncing: ${formatNumber(run.done)} of ${formatNumber(run.total)} changes (${percent}%)`;
  return (
    <BlockStack gap="100">
      <ProgressBar progress={percent} size="small" ariaLabelledBy={labelId} />
      <Text as="p" id={labelId} variant="bodySm">
        {text}
      </Text>
    </BlockStack>
  );
}
