import { Badge, BlockStack, Card, DataTable, InlineCode, InlineStack, Text } from '@shopify/polaris';
import type { Overview } from '../../../server/admin-api/build-overview.js';
import { formatDateTime, formatNumber } from '../format.js';

/** Event names refused for their form, with the Object_Action name the sender probably meant. */
export function TaxonomyReportCard({ taxonomy }: { taxonomy: Overview['taxonomy'] }) {
  const { violations } = taxonomy;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Taxonomy report
          </Text>
          {violations.length === 0 ? (
            <Badge tone="success">All names valid</Badge>
          ) : (
            <Badge tone="attention">{`${formatNumber(violations.length)} rejected ${violations.length === 1 ? 'name' : 'names'}`}</Badge>
          )}
        </InlineStack>
        <Text as="p">
          Event names follow the <InlineCode>{taxonomy.rule}</InlineCode> rule: PascalCase words joined by one underscore, the
          object first and then what happened to it, such as <InlineCode>Product_Viewed</InlineCode> or{' '}
          <InlineCode>Cart_ItemAdded</InlineCode>. Events named in another style are rejected and counted here.
        </Text>
        {violations.length === 0 ? (
          <Text as="p" tone="subdued">
            No event has been rejected for its name.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={['text', 'numeric', 'text', 'text', 'text']}
            headings={['Rejected name', 'Events', 'Suggested name', 'First seen', 'Last seen']}
            rows={violations.map((v) => [
              <InlineCode key="name">{v.name}</InlineCode>,
              formatNumber(v.count),
              v.suggestedName ? <InlineCode key="suggested">{v.suggestedName}</InlineCode> : '—',
              formatDateTime(v.firstSeenAt),
              formatDateTime(v.lastSeenAt),
            ])}
            truncate={false}
          />
        )}
      </BlockStack>
    </Card>
  );
}
