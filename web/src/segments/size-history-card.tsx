import { useState } from 'react';
import { BlockStack, Button, Card, DataTable, InlineStack, SkeletonBodyText, Text } from '@shopify/polaris';
import { LineChart } from '@shopify/polaris-viz';
import { ChartProvider } from '../shared/chart-provider.js';
import { useAdminResource } from '../api/use-admin-resource.js';
import { formatDay, formatNumber } from '../format.js';
import { LoadErrorBanner } from '../shared/load-error-banner.js';
import type { SizeHistory } from './segment-types.js';

const DAYS = 30;

/** Members per UTC day over the last 30 days as a line chart, with the same figures as a table for screen readers and keyboards. */
export function SizeHistoryCard({ segmentId }: { segmentId: number }) {
  const { state, reload } = useAdminResource<SizeHistory>(`/api/segments/${segmentId}/history?days=${DAYS}`);
  const [showTable, setShowTable] = useState(false);
  const heading = <Text as="h2" variant="headingMd">Size, last {DAYS} days</Text>;
  if (state.status === 'loading') return <Card><BlockStack gap="200">{heading}<SkeletonBodyText lines={6} /></BlockStack></Card>;
  if (state.status === 'error') {
    return <Card><BlockStack gap="200">{heading}<LoadErrorBanner title="The size history could not be loaded" message={state.message} onRetry={reload} /></BlockStack></Card>;
  }
  const { history } = state.data;
  const first = history[0];
  const last = history[history.length - 1];
  let summary = 'No history yet.';
  if (first && last && history.length === 1) summary = `${formatNumber(last.size)} members on ${formatDay(last.day)}, the segment's first day: the chart starts tomorrow.`;
  else if (first && last) summary = `${formatNumber(last.size)} members on ${formatDay(last.day)}, ${formatNumber(first.size)} on ${formatDay(first.day)}.`;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          {heading}
          {history.length > 0 && (
            <Button variant="plain" onClick={() => setShowTable((v) => !v)} ariaExpanded={showTable} ariaControls="size-history-table">
              {showTable ? 'Hide table' : 'Show as table'}
            </Button>
          )}
        </InlineStack>
        <Text as="p" tone="subdued">{summary}</Text>
        {history.length > 1 && (
          <div style={{ height: 240 }} data-testid="size-chart">
            <ChartProvider>
              <LineChart
                isAnimated={false}
                showLegend={false}
                data={[{ name: 'Members', data: history.map((p) => ({ key: formatDay(p.day), value: p.size })) }]}
              />
            </ChartProvider>
          </div>
        )}
        {showTable && (
          <div id="size-history-table">
            <DataTable
              columnContentTypes={['text', 'numeric', 'numeric', 'numeric']}
              headings={['Day (UTC)', 'Members', 'Entered', 'Exited']}
              rows={history.map((p) => [formatDay(p.day), formatNumber(p.size), formatNumber(p.entered), formatNumber(p.exited)])}
            />
          </div>
        )}
      </BlockStack>
    </Card>
  );
}
