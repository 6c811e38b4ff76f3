import { Banner, BlockStack, Card, EmptyState, Layout, Page, SkeletonBodyText, SkeletonDisplayText, SkeletonPage, Text } from '@shopify/polaris';
import { useAdminResource } from '../api/use-admin-resource.js';
import { EMPTY_CHART_IMAGE } from '../empty-chart-image.js';
import { LoadErrorBanner } from '../shared/load-error-banner.js';
import type { SegmentList } from './segment-types.js';
import { SegmentsTable } from './segments-table.js';
import { undistinctSegmentIds } from './undistinct-segment-ids.js';

const CREATE = { content: 'Create segment', url: '/segments/new' };

/** /segments: every segment with its size, trend, KPI against the store, activation and freshness, and the governance warnings. */
export function SegmentsIndexPage() {
  const { state, reload } = useAdminResource<SegmentList>('/api/segments');
  if (state.status === 'loading') {
    return (
      <SkeletonPage title="Segments" primaryAction>
        <Card><BlockStack gap="400"><SkeletonDisplayText size="small" /><SkeletonBodyText lines={8} /></BlockStack></Card>
      </SkeletonPage>
    );
  }
  if (state.status === 'error') {
    return (
      <Page title="Segments" primaryAction={CREATE}>
        <LoadErrorBanner title="The segments could not be loaded" message={state.message} onRetry={reload} />
      </Page>
    );
  }
  const { segments, warnings } = state.data;
  return (
    <Page title="Segments" subtitle="Who is in each group, whether it is acted on, and whether it is fresh" primaryAction={CREATE}>
      <Layout>
        {warnings.map((w) => (
          <Layout.Section key={w.code}>
            <Banner tone="warning" title={w.code === 'segment_stale' ? 'Some segments are stale' : 'Too many segments without a distinct activation'}>
              <Text as="p">{w.message}</Text>
            </Banner>
          </Layout.Section>
        ))}
        <Layout.Section>
          {segments.length === 0 ? (
            <Card>
              <EmptyState heading="Create your first segment" image={EMPTY_CHART_IMAGE} action={CREATE}>
                <Text as="p">Start from a template (cart abandoners, VIPs, win-back…) or write your own query.</Text>
              </EmptyState>
            </Card>
          ) : (
            <Card padding="0">
              <SegmentsTable segments={segments} undistinct={undistinctSegmentIds(segments)} />
            </Card>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
