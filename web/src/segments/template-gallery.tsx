import { Badge, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Text } from '@shopify/polaris';
import { CHANNEL_LABELS, KPI_LABELS } from './segment-labels.js';
import type { SegmentTemplate } from './segment-types.js';

/** The starting segments: choosing one fills the form below with its query, KPI and activation. */
export function TemplateGallery({ templates, used, chosen, onChoose }: {
  templates: SegmentTemplate[];
  /** Keys of templates the shop already has a segment from. */
  used: ReadonlySet<string>;
  chosen: string | null;
  onChoose: (t: SegmentTemplate) => void;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">Start from a template</Text>
          <Text as="p" tone="subdued">Each comes with a query, a KPI and an activation plan you can change below.</Text>
        </BlockStack>
        <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="300">
          {templates.map((t) => (
            <Box key={t.key} padding="300" borderWidth="025" borderColor={chosen === t.key ? 'border-emphasis' : 'border'} borderRadius="200">
              <BlockStack gap="200">
                <InlineStack gap="100" blockAlign="center">
                  <Text as="h3" variant="headingSm">{t.name}</Text>
                  {used.has(t.key) && <Badge>In use</Badge>}
                </InlineStack>
                <Text as="p" tone="subdued" variant="bodySm">{t.purpose}</Text>
                <Text as="p" variant="bodySm">{KPI_LABELS[t.kpi]} · {CHANNEL_LABELS[t.activation.channel]}</Text>
                <InlineStack>
                  <Button onClick={() => onChoose(t)} pressed={chosen === t.key} accessibilityLabel={`Use template ${t.name}`}>
                    {chosen === t.key ? 'Chosen' : 'Use template'}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Box>
          ))}
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}
