import { Badge, BlockStack, Box, Button, InlineStack, Text } from '@shopify/polaris';
import type { TrackingStep } from '../../../server/admin-api/admin-api-types.js';

/** The install steps, in order: each done, or with what to do next and where. */
export function TrackingStepsList({ steps }: { steps: TrackingStep[] }) {
  return (
    <BlockStack as="ol" gap="300">
      {steps.map((step, i) => (
        <Box as="li" key={step.key}>
          <BlockStack gap="100">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h3" variant="headingSm">
                {`${i + 1}. ${step.title}`}
              </Text>
              {step.done ? <Badge tone="success">Done</Badge> : <Badge tone="attention">To do</Badge>}
            </InlineStack>
            {!step.done && (
              <>
                <Text as="p" tone="subdued">
                  {step.description}
                </Text>
                {step.actionUrl && (
                  <InlineStack>
                    <Button url={step.actionUrl} external accessibilityLabel={`${step.title} (opens in a new tab)`}>
                      {step.key === 'app_embed' ? 'Open the theme editor' : 'Open Shopify settings'}
                    </Button>
                  </InlineStack>
                )}
              </>
            )}
          </BlockStack>
        </Box>
      ))}
    </BlockStack>
  );
}
