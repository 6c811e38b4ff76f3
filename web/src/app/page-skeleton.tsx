import { BlockStack, Card, Layout, SkeletonBodyText, SkeletonDisplayText, SkeletonPage } from '@shopify/polaris';

/** A page's shape while its code or data loads, so nothing jumps when it arrives. */
export function PageSkeleton({ title, cards = 3 }: { title?: string; cards?: number }) {
  return (
    <SkeletonPage title={title} primaryAction>
      <Layout>
        {Array.from({ length: cards }, (_, i) => (
          <Layout.Section key={i}>
            <Card>
              <BlockStack gap="400">
                <SkeletonDisplayText size="small" />
                <SkeletonBodyText lines={i === 0 ? 3 : 5} />
              </BlockStack>
            </Card>
          </Layout.Section>
        ))}
      </Layout>
    </SkeletonPage>
  );
}
