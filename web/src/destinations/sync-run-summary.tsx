import { Badge, BlockStack, InlineStack, List, Text } from '@shopify/polaris';
import type { SyncRunView } from '../../../server/admin-api/admin-api-types.js';
import { formatDateTime, formatNumber } from '../format.js';
import { RUN_STATUS, exclusionLabel, hintLabel } from './destination-labels.js';

const COUNTS = [
  ['added', 'Added'],
  ['removed', 'Removed'],
  ['updated', 'Updated'],
  ['failed', 'Failed'],
] as const;

const entries = (record: Record<string, number | undefined>) =>
  Object.entries(record).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0).sort((a, b) => b[1] - a[1]);

/** A run's outcome: when and how it ended, what changed remotely, who was left out and why. */
export function SyncRunSummary({ run, heading = 'Last sync' }: { run: SyncRunView | null; heading?: string }) {
  if (!run) {
    return (
      <Text as="p" tone="subdued">
        Not synced yet.
      </Text>
    );
  }
  const status = RUN_STATUS[run.status];
  const when = run.finishedAt ?? run.startedAt ?? run.createdAt;
  const excluded = entries(run.excluded);
  const hints = entries(run.hints);
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" fontWeight="semibold">
          {`${heading}: ${formatDateTime(when)}`}
        </Text>
        <Badge tone={status.tone}>{status.label}</Badge>
      </InlineStack>
      <InlineStack gap="400">
        {COUNTS.map(([key, label]) => (
          <Text as="span" key={key} tone={key === 'failed' && run.failed > 0 ? 'critical' : undefined}>
            {`${label} ${formatNumber(run[key])}`}
          </Text>
        ))}
      </InlineStack>
      {run.error && (
        <Text as="p" tone="critical">
          {run.error.message}
        </Text>
      )}
      {excluded.length > 0 && (
        <BlockStack gap="100">
          <Text as="p" variant="bodySm" tone="subdued">
            {`Not sent (${formatNumber(excluded.reduce((s, [, n]) => s + n, 0))} shoppers):`}
          </Text>
          <List type="bullet">
            {excluded.map(([key, n]) => (
              <List.Item key={key}>{`${exclusionLabel(key)}: ${formatNumber(n)}`}</List.Item>
            ))}
          </List>
        </BlockStack>
      )}
      {hints.map(([key, n]) => (
        <Text as="p" key={key} variant="bodySm" tone="caution">
          {`${hintLabel(key)}: ${formatNumber(n)} ${n === 1 ? 'address' : 'addresses'} (sent as typed; check them in your store)`}
        </Text>
      ))}
    </BlockStack>
  );
}
