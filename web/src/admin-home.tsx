import { Badge, Banner, Layout, Page, Text } from '@shopify/polaris';
import { isInsideShopify } from './get-session-token.js';
import { useOverview } from './use-overview.js';
import { AdminHomeSkeleton } from './admin-home-skeleton.js';
import { SummaryCard } from './summary-card.js';
import { EventCountsCard } from './event-counts-card.js';
import { IngestionHealthCard } from './ingestion-health-card.js';
import { TaxonomyReportCard } from './taxonomy-report-card.js';

export const APP_TITLE = 'Shopper Segments';
const WINDOW_HOURS = 24;

/** The interim admin home: what was collected in the last day, how ingestion went, and which names were refused. */
export function AdminHome() {
  const { state, retry } = useOverview(WINDOW_HOURS);
  const demo = !isInsideShopify();
  const titleMetadata = demo ? <Badge tone="info">Demo mode</Badge> : undefined;

  if (state.status === 'loading') return <AdminHomeSkeleton title={APP_TITLE} />;
  if (state.status === 'error') {
    return (
      <Page title={APP_TITLE} titleMetadata={titleMetadata}>
        <Layout>
          <Layout.Section>
            <Banner tone="critical" title="The overview could not be loaded" action={{ content: 'Retry', onAction: retry }}>
              <Text as="p">{state.message}</Text>
            </Banner>
          </Layout.Section>
        </Layout>
      </Page>
    );
  }

  const { overview } = state;
  return (
    <Page title={APP_TITLE} titleMetadata={titleMetadata} subtitle={overview.shop}>
      <Layout>
        <Layout.Section>
          <SummaryCard overview={overview} />
        </Layout.Section>
        <Layout.Section>
          <EventCountsCard events={overview.events} hours={overview.window.hours} demo={demo} />
        </Layout.Section>
        <Layout.Section>
          <TaxonomyReportCard taxonomy={overview.taxonomy} />
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <IngestionHealthCard ingestion={overview.ingestion} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
