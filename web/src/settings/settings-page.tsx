import { BlockStack, Card, Layout, Page, SkeletonBodyText, Text } from '@shopify/polaris';
import type { HomeReport, ShopSettings } from '../../../server/admin-api/admin-api-types.js';
import { useAdminResource } from '../api/use-admin-resource.js';
import { PageSkeleton } from '../app/page-skeleton.js';
import { LoadErrorBanner } from '../shared/load-error-banner.js';
import { OrderImportProgress } from '../shared/order-import-progress.js';
import { importIsRunning, type OrderImportStatus } from '../shared/order-import-types.js';
import { TrackingStepsList } from '../shared/tracking-steps-list.js';
import { usePollWhile } from '../shared/use-poll-while.js';
import { RecomputeCard } from './recompute-card.js';
import { SettingsFormCard } from './settings-form-card.js';

function TrackingCard() {
  const { state, reload } = useAdminResource<HomeReport>('/api/home');
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Tracking install steps
        </Text>
        {state.status === 'loading' && <SkeletonBodyText lines={4} />}
        {state.status === 'error' && <LoadErrorBanner title="The tracking status could not be loaded" message={state.message} onRetry={reload} />}
        {state.status === 'ready' && <TrackingStepsList steps={state.data.tracking.steps} />}
      </BlockStack>
    </Card>
  );
}

function OrderHistoryCard() {
  const { state, reload } = useAdminResource<OrderImportStatus>('/api/order-import');
  usePollWhile(state.status === 'ready' && importIsRunning(state.data), reload, 2000);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Order history import
        </Text>
        {state.status === 'loading' && <SkeletonBodyText lines={2} />}
        {state.status === 'error' && <LoadErrorBanner title="The import status could not be loaded" message={state.message} onRetry={reload} />}
        {state.status === 'ready' && <OrderImportProgress status={state.data} />}
      </BlockStack>
    </Card>
  );
}

/** Settings: abandonment windows, data retention, tracking install steps, order import, full recompute. */
export function SettingsPage() {
  const { state, reload } = useAdminResource<ShopSettings>('/api/settings');
  if (state.status === 'loading') return <PageSkeleton title="Settings" cards={3} />;
  if (state.status === 'error') {
    return (
      <Page title="Settings">
        <LoadErrorBanner title="Settings could not be loaded" message={state.message} onRetry={reload} />
      </Page>
    );
  }
  return (
    <Page title="Settings">
      <Layout>
        <Layout.AnnotatedSection
          id="windows"
          title="Abandonment and retention"
          description="When a cart or checkout counts as abandoned, and how long storefront events are kept."
        >
          <SettingsFormCard initial={state.data} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection id="segments" title="Segments" description="Bring every segment up to date at once.">
          <RecomputeCard />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection id="tracking" title="Tracking" description="What the app needs on your store to see shoppers.">
          <TrackingCard />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection id="orders" title="Orders" description="The last 60 days of orders, imported once on install.">
          <OrderHistoryCard />
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
