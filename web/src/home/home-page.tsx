import { Banner, Card, Layout, Page, Text, BlockStack } from '@shopify/polaris';
import type { HomeReport } from '../../../server/admin-api/admin-api-types.js';
import { useAdminResource } from '../api/use-admin-resource.js';
import { PageSkeleton } from '../app/page-skeleton.js';
import { LoadErrorBanner } from '../shared/load-error-banner.js';
import { OrderImportProgress } from '../shared/order-import-progress.js';
import { importIsRunning, type OrderImportStatus } from '../shared/order-import-types.js';
import { usePollWhile } from '../shared/use-poll-while.js';
import { ActivitySection } from './activity-section.js';
import { BenchmarksCard } from './benchmarks-card.js';
import { FunnelCard } from './funnel-card.js';
import { SelfAuditCard } from './self-audit-card.js';
import { TrackingHealthCard } from './tracking-health-card.js';

/** A running or failed order-history import, polled until it ends; nothing when there is none. */
function OrderImportCard() {
  const { state, reload } = useAdminResource<OrderImportStatus>('/api/order-import');
  const running = state.status === 'ready' && importIsRunning(state.data);
  usePollWhile(running, reload, 2000);
  if (state.status !== 'ready' || !(running || state.data.status === 'failed')) return null;
  return (
    <Layout.Section>
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Order history import
          </Text>
          <OrderImportProgress status={state.data} />
        </BlockStack>
      </Card>
    </Layout.Section>
  );
}

/** Home: is tracking healthy, how the store does against benchmarks and by device, and the segment self-audit. */
export function HomePage() {
  const { state, reload } = useAdminResource<HomeReport>('/api/home');
  if (state.status === 'loading') return <PageSkeleton title="Home" cards={4} />;
  if (state.status === 'error') {
    return (
      <Page title="Home">
        <LoadErrorBanner title="Home could not be loaded" message={state.message} onRetry={reload} />
      </Page>
    );
  }
  const home = state.data;
  return (
    <Page title="Home" subtitle={home.shop}>
      <Layout>
        {home.audit.warnings.length > 0 && (
          <Layout.Section>
            <BlockStack gap="200">
              {home.audit.warnings.map((w) => (
                <Banner key={w.code} tone="warning" title={w.message} action={{ content: 'Review segments', url: '/segments' }} />
              ))}
            </BlockStack>
          </Layout.Section>
        )}
        <OrderImportCard />
        <Layout.Section>
          <TrackingHealthCard tracking={home.tracking} />
        </Layout.Section>
        <Layout.Section>
          <SelfAuditCard audit={home.audit} />
        </Layout.Section>
        <Layout.Section>
          <BenchmarksCard metrics={home.metrics} />
        </Layout.Section>
        <Layout.Section>
          <FunnelCard funnel={home.funnel} />
        </Layout.Section>
        <Layout.Section>
          <Text as="h2" variant="headingLg">
            Last 24 hours
          </Text>
        </Layout.Section>
        <ActivitySection />
      </Layout>
    </Page>
  );
}
