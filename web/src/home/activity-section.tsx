import { Layout, SkeletonBodyText, Card } from '@shopify/polaris';
import type { Overview } from '../../../server/admin-api/build-overview.js';
import { useAdminResource } from '../api/use-admin-resource.js';
import { isInsideShopify } from '../get-session-token.js';
import { LoadErrorBanner } from '../shared/load-error-banner.js';
import { EventCountsCard } from './event-counts-card.js';
import { IngestionHealthCard } from './ingestion-health-card.js';
import { TaxonomyReportCard } from './taxonomy-report-card.js';

/** The last day's raw activity: events by name and device, ingestion outcomes, rejected event names. */
export function ActivitySection() {
  const { state, reload } = useAdminResource<Overview>('/api/overview?hours=24');
  if (state.status === 'loading') {
    return (
      <Layout.Section>
        <Card>
          <SkeletonBodyText lines={6} />
        </Card>
      </Layout.Section>
    );
  }
  if (state.status === 'error') {
    return (
      <Layout.Section>
        <LoadErrorBanner title="The activity of the last 24 hours could not be loaded" message={state.message} onRetry={reload} />
      </Layout.Section>
    );
  }
  const overview = state.data;
  return (
    <>
      <Layout.Section>
        <EventCountsCard events={overview.events} hours={overview.window.hours} demo={!isInsideShopify()} />
      </Layout.Section>
      <Layout.Section variant="oneThird">
        <IngestionHealthCard ingestion={overview.ingestion} />
      </Layout.Section>
      <Layout.Section>
        <TaxonomyReportCard taxonomy={overview.taxonomy} />
      </Layout.Section>
    </>
  );
}
