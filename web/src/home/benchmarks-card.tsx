import { BlockStack, Card, DataTable, Text } from '@shopify/polaris';
import type { Benchmark, DeviceKey, StoreMetrics, StoreRate } from '../../../server/admin-api/admin-api-types.js';
import { formatNumber, formatPercent, formatUsd } from '../format.js';
import { DEVICES, DEVICE_LABELS } from './device-labels.js';

type Row = DeviceKey | 'all';

/** Which device a published figure is about, read from its label ("Conversion rate, smartphone"). */
export function benchmarkDevice(b: Benchmark): Row {
  if (/mobile|smartphone/i.test(b.label)) return 'mobile';
  if (/desktop/i.test(b.label)) return 'desktop';
  if (/tablet/i.test(b.label)) return 'tablet';
  return 'all';
}

function BenchmarkList({ benchmarks }: { benchmarks: Benchmark[] }) {
  if (benchmarks.length === 0) return <Text as="span" tone="subdued">No published figure</Text>;
  return (
    <BlockStack gap="100">
      {benchmarks.map((b) => (
        <Text as="p" key={b.id}>
          <Text as="span" fontWeight="semibold">
            {b.unit === 'usd' ? formatUsd(b.value) : formatPercent(b.value)}
          </Text>{' '}
          <Text as="span" tone="subdued" variant="bodySm">
            {`${b.label} · ${b.source}, ${b.year}`}
          </Text>
        </Text>
      ))}
    </BlockStack>
  );
}

const ofText = (r: StoreRate, unit: string) => `${formatNumber(r.numerator)} of ${formatNumber(r.denominator)} ${unit}`;

function DeviceTable({ title, what, rates, benchmarks, unit }: { title: string; what: string; rates: Record<Row, StoreRate>; benchmarks: Benchmark[]; unit: string }) {
  const rows = (['all', ...DEVICES] as const).map((d) => [
    DEVICE_LABELS[d],
    formatPercent(rates[d].value),
    ofText(rates[d], unit),
    <BenchmarkList key={d} benchmarks={benchmarks.filter((b) => benchmarkDevice(b) === d)} />,
  ]);
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      <Text as="p" variant="bodySm" tone="subdued">
        {what}
      </Text>
      <DataTable
        columnContentTypes={['text', 'numeric', 'numeric', 'text']}
        headings={['Device', 'Your store', 'Counted', 'Published benchmark']}
        rows={rows}
        verticalAlign="top"
        truncate={false}
      />
    </BlockStack>
  );
}

/** The store's own rates next to published figures, each with its source and year. */
export function BenchmarksCard({ metrics }: { metrics: StoreMetrics }) {
  const recovery = metrics.checkoutRecovery;
  return (
    <Card>
      <BlockStack gap="500">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Your store against benchmarks
          </Text>
          <Text as="p" tone="subdued">
            {`Sessions of the last ${metrics.windowDays} days, by the device each session started on.`}
          </Text>
        </BlockStack>
        <DeviceTable
          title="Conversion rate"
          what="Sessions with a completed checkout, out of all sessions."
          rates={metrics.conversionRate}
          benchmarks={metrics.benchmarks.conversionRate}
          unit="sessions"
        />
        <DeviceTable
          title="Cart abandonment"
          what="Sessions that added to cart and did not complete a checkout, out of sessions that added to cart."
          rates={metrics.cartAbandonment}
          benchmarks={metrics.benchmarks.cartAbandonment}
          unit="carts"
        />
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            Checkout recovery
          </Text>
          <Text as="p" variant="bodySm" tone="subdued">
            Abandoned checkouts that were completed later. No published recovery rate has a traceable source; the
            nearest sourced figures are purchases after an abandoned-cart email or flow.
          </Text>
          <DataTable
            columnContentTypes={['text', 'numeric', 'numeric', 'text']}
            headings={['', 'Your store', 'Counted', 'Nearest published figures']}
            rows={[['Recovered checkouts', formatPercent(recovery.value), ofText(recovery, 'checkouts'), <BenchmarkList key="r" benchmarks={metrics.benchmarks.checkoutRecovery} />]]}
            verticalAlign="top"
            truncate={false}
          />
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
