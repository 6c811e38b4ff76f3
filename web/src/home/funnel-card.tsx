import { Suspense, lazy } from 'react';
import { BlockStack, Box, Card, DataTable, Text } from '@shopify/polaris';
import type { Funnel } from '../../../server/admin-api/admin-api-types.js';
import { formatNumber, formatPercent } from '../format.js';
import { DEVICES, DEVICE_LABELS } from './device-labels.js';

const FunnelChart = lazy(() => import('./funnel-chart.js').then((m) => ({ default: m.FunnelChart })));

// A fixed height, so the card does not shift the page when the chart draws.
const CHART_HEIGHT = 280;

/** Sessions reaching each step, by device: a grouped bar chart, and the same figures as a table. */
export function FunnelCard({ funnel }: { funnel: Funnel }) {
  const sessions = funnel.steps.find((s) => s.key === 'sessions');
  const steps = funnel.steps.filter((s) => s.key !== 'sessions');
  const empty = (sessions?.counts.all ?? 0) === 0;
  const data = DEVICES.map((device) => ({
    name: DEVICE_LABELS[device],
    data: steps.map((s) => ({ key: s.label, value: s.counts[device] })),
  }));
  const share = (count: number) => (sessions && sessions.counts.all > 0 ? formatPercent(count / sessions.counts.all) : '—');
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Funnel by device
          </Text>
          <Text as="p" tone="subdued">
            {`Sessions of the last ${funnel.windowDays} days that reached each step: product view, cart, checkout, purchase.`}
          </Text>
        </BlockStack>
        {empty ? (
          <Text as="p" tone="subdued">
            No sessions in this window yet. The funnel fills in as shoppers browse the store.
          </Text>
        ) : (
          <div aria-hidden="true" style={{ height: CHART_HEIGHT }}>
            <Suspense fallback={null}>
              <FunnelChart data={data} />
            </Suspense>
          </div>
        )}
        <Box>
          <DataTable
            columnContentTypes={['text', 'numeric', 'numeric', 'numeric', 'numeric', 'numeric']}
            headings={['Step', ...DEVICES.map((d) => DEVICE_LABELS[d]), 'All devices', 'Of all sessions']}
            rows={funnel.steps.map((s) => [s.label, ...DEVICES.map((d) => formatNumber(s.counts[d])), formatNumber(s.counts.all), share(s.counts.all)])}
            increasedTableDensity
          />
        </Box>
      </BlockStack>
    </Card>
  );
}
