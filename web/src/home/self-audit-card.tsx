import { Badge, BlockStack, Button, Card, DataTable, EmptyState, InlineStack, Link, Text } from '@shopify/polaris';
import type { HomeReport } from '../../../server/admin-api/admin-api-types.js';
import { formatAgo, formatNumber } from '../format.js';
import { EMPTY_CHART_IMAGE } from '../empty-chart-image.js';

const CHANNEL_LABELS: Record<string, string> = {
  email: 'Email', sms: 'SMS', onsite: 'On site', paid_ads: 'Paid ads', customer_tags: 'Customer tags', webhook: 'Webhook', none: 'None',
};

/** The seed's self-audit: the 3 largest active segments, whether each is acted on distinctly, and how fresh. */
export function SelfAuditCard({ audit }: { audit: HomeReport['audit'] }) {
  if (audit.segments.length === 0) {
    return (
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Segment self-audit
          </Text>
          <EmptyState heading="No active segments yet" image={EMPTY_CHART_IMAGE} action={{ content: 'Create a segment', url: '/segments/new' }}>
            <Text as="p">Start from a template: cart abandoners, loyal buyers, one-time buyers and more.</Text>
          </EmptyState>
        </BlockStack>
      </Card>
    );
  }
  const rows = audit.segments.map((s) => [
    <Link key="name" url={`/segments/${s.id}`} removeUnderline>
      {s.name}
    </Link>,
    formatNumber(s.memberCount),
    CHANNEL_LABELS[s.activation.channel] ?? s.activation.channel,
    s.distinctActivation ? <Badge key="d" tone="success">Yes</Badge> : <Badge key="d" tone="warning">No</Badge>,
    <InlineStack key="r" gap="100" blockAlign="center">
      <Text as="span">{s.refreshedAt ? formatAgo(s.refreshedAt) : 'Never'}</Text>
      {s.stale && <Badge tone="critical">Stale</Badge>}
    </InlineStack>,
  ]);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Segment self-audit
          </Text>
          <Button url="/segments" variant="plain">
            All segments
          </Button>
        </InlineStack>
        <Text as="p" tone="subdued">
          Your three largest active segments: is each one acted on in its own way, and is it fresh?
        </Text>
        <DataTable
          columnContentTypes={['text', 'numeric', 'text', 'text', 'text']}
          headings={['Segment', 'Members', 'Activation', 'Distinct activation', 'Last refreshed']}
          rows={rows}
          truncate={false}
        />
      </BlockStack>
    </Card>
  );
}
