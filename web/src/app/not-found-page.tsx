import { Card, EmptyState, Page, Text } from '@shopify/polaris';
import { EMPTY_CHART_IMAGE } from '../empty-chart-image.js';

/** Any path the router does not know, or a segment id that is not a number. */
export function NotFoundPage({ path }: { path: string }) {
  return (
    <Page title="Page not found">
      <Card>
        <EmptyState heading="There is no page at this address" image={EMPTY_CHART_IMAGE} action={{ content: 'Go to Home', url: '/' }}>
          <Text as="p">
            Nothing lives at <Text as="span" fontWeight="semibold">{path}</Text>. Check the link, or start from Home.
          </Text>
        </EmptyState>
      </Card>
    </Page>
  );
}
