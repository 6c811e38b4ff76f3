import { Badge, BlockStack, Box, Card, InlineStack, Text } from '@shopify/polaris';
import { CHANNEL_LABELS, formatRelativeTime, KPI_LABELS, REFRESH_LABELS } from './segment-labels.js';
import type { Segment } from './segment-types.js';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <BlockStack gap="050">
      <Text as="h3" variant="headingSm">{label}</Text>
      {children}
    </BlockStack>
  );
}

/** What the segment is: its query, purpose, KPI, activation and refresh policy. */
export function SegmentDefinitionCard({ segment }: { segment: Segment }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">Definition</Text>
        {segment.description && <Text as="p">{segment.description}</Text>}
        <Field label="Query">
          <Box background="bg-surface-secondary" padding="200" borderRadius="200">
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontFamily: 'var(--p-font-family-mono)' }}>{segment.query}</pre>
          </Box>
        </Field>
        <InlineStack gap="800" wrap>
          <Field label="KPI"><Text as="p">{KPI_LABELS[segment.kpi]}</Text></Field>
          <Field label="Refresh"><Text as="p">{REFRESH_LABELS[segment.refreshPolicy]}</Text></Field>
          <Field label="Last refreshed">
            <InlineStack gap="100">
              <Text as="p">{segment.refreshedAt ? formatRelativeTime(segment.refreshedAt) : 'Never'}</Text>
              {segment.stale && <Badge tone="warning">Stale</Badge>}
            </InlineStack>
          </Field>
        </InlineStack>
        <Field label={`Activation: ${CHANNEL_LABELS[segment.activation.channel] ?? segment.activation.channel}`}>
          <Text as="p" tone={segment.activation.plan ? undefined : 'subdued'}>{segment.activation.plan || 'No activation plan yet.'}</Text>
        </Field>
      </BlockStack>
    </Card>
  );
}
