import { BlockStack, Card, Text } from '@shopify/polaris';

/** Destinations (email, ads, tags syncs) arrive in a later release; until then this card says so instead of inventing a sync. */
export function LinkedDestinationsCard() {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">Linked destinations</Text>
        <Text as="p" tone="subdued">
          No destinations yet. Syncing a segment to an email tool, ad platform or customer tags arrives in a later release;
          until then, act on it with the activation plan above.
        </Text>
      </BlockStack>
    </Card>
  );
}
