import { BlockStack, Card, InlineStack, List, Spinner, Text } from '@shopify/polaris';
import { formatNumber } from '../format.js';
import type { PreviewState } from './use-segment-preview.js';

/** The live answer to the query being typed: how many shoppers match now, and a few of them. */
export function QueryPreviewCard({ preview }: { preview: PreviewState }) {
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">Live preview</Text>
          {preview.status === 'loading' && <Spinner size="small" accessibilityLabel="Counting matching shoppers" />}
        </InlineStack>
        <div aria-live="polite">
          {preview.status === 'idle' && <Text as="p" tone="subdued">Type a query to see who matches.</Text>}
          {preview.status === 'invalid' && <Text as="p" tone="critical">Fix the query to see a count.</Text>}
          {preview.status === 'error' && <Text as="p" tone="critical">The preview failed: {preview.message}</Text>}
          {preview.status === 'ready' && (
            <BlockStack gap="200">
              <Text as="p" variant="headingLg">
                <span data-testid="preview-count">{formatNumber(preview.result.count)}</span> matching shoppers
              </Text>
              {preview.result.sample.length > 0 && (
                <List type="bullet">
                  {preview.result.sample.map((p) => (
                    <List.Item key={p.profileId}>{p.email ?? `Anonymous shopper #${p.profileId}`} · {p.rfm.group}</List.Item>
                  ))}
                </List>
              )}
            </BlockStack>
          )}
        </div>
      </BlockStack>
    </Card>
  );
}
