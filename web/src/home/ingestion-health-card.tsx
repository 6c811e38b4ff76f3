import { Badge, BlockStack, Card, DataTable, InlineStack, Text } from '@shopify/polaris';
import type { IngestCounts, IngestOutcome, Overview } from '../../../server/admin-api/build-overview.js';
import { formatDay, formatNumber } from '../format.js';

const OUTCOMES: ReadonlyArray<{ key: IngestOutcome; label: string }> = [
  { key: 'accepted', label: 'Accepted' },
  { key: 'duplicate', label: 'Duplicates' },
  { key: 'no_consent', label: 'No analytics consent' },
  { key: 'bot', label: 'Bots' },
  { key: 'invalid', label: 'Invalid' },
  { key: 'rate_limited', label: 'Rate limited' },
];

// Duplicates, refused consent and bots are the collector doing its job; invalid and rate-limited
// events are data a merchant meant to have and lost.
const LOSS_SHARE_WORTH_A_LOOK = 0.05;

/** What happened to incoming events, today and over the (whole UTC days of the) window. */
export function IngestionHealthCard({ ingestion }: { ingestion: Overview['ingestion'] }) {
  const { today, window } = ingestion;
  const since = window.fromDay === window.toDay ? 'Today' : `Since ${formatDay(window.fromDay)}`;
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Ingestion health
          </Text>
          <HealthBadge counts={window.counts} />
        </InlineStack>
        <DataTable
          columnContentTypes={['text', 'numeric', 'numeric']}
          headings={['Outcome', 'Today', since]}
          rows={OUTCOMES.map((o) => [o.label, formatNumber(today.counts[o.key]), formatNumber(window.counts[o.key])])}
          increasedTableDensity
        />
        <Text as="p" variant="bodySm" tone="subdued">
          Counted per UTC day. Events without analytics consent are counted, never stored.
        </Text>
      </BlockStack>
    </Card>
  );
}

function HealthBadge({ counts }: { counts: IngestCounts }) {
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  if (all === 0) return <Badge>No traffic yet</Badge>;
  const lost = counts.invalid + counts.rate_limited;
  return lost / all > LOSS_SHARE_WORTH_A_LOOK ? <Badge tone="warning">Events lost</Badge> : <Badge tone="success">Healthy</Badge>;
}
