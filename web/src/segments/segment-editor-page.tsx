import { Card, Layout, SkeletonBodyText, SkeletonPage, Page } from '@shopify/polaris';
import { useAdminResource } from '../api/use-admin-resource.js';
import { LoadErrorBanner } from '../shared/load-error-banner.js';
import { draftOfSegment, EMPTY_DRAFT } from './segment-draft.js';
import { SegmentEditorForm } from './segment-editor-form.js';
import type { Segment, SegmentList, SegmentTemplate } from './segment-types.js';

/** /segments/new (template gallery, then the form) and /segments/:id/edit (the form filled with the segment). */
export function SegmentEditorPage({ id }: { id?: number | string }) {
  const segmentId = id === undefined ? null : Number(id);
  const editing = segmentId !== null;
  const current = useAdminResource<{ segment: Segment }>(editing ? `/api/segments/${segmentId}` : null);
  const templates = useAdminResource<{ templates: SegmentTemplate[] }>(editing ? null : '/api/templates');
  const list = useAdminResource<SegmentList>('/api/segments');
  const parts = editing ? [current, list] : [templates, list];
  const title = editing ? 'Edit segment' : 'Create segment';

  const failed = parts.find((p) => p.state.status === 'error');
  if (failed && failed.state.status === 'error') {
    return (
      <Page title={title} backAction={{ content: 'Segments', url: '/segments' }}>
        <LoadErrorBanner title="The editor could not be loaded" message={failed.state.message} onRetry={() => parts.forEach((p) => p.reload())} />
      </Page>
    );
  }
  if (parts.some((p) => p.state.status !== 'ready') || list.state.status !== 'ready') {
    return (
      <SkeletonPage title={title} backAction primaryAction>
        <Layout>
          <Layout.Section><Card><SkeletonBodyText lines={10} /></Card></Layout.Section>
          <Layout.Section variant="oneThird"><Card><SkeletonBodyText lines={4} /></Card></Layout.Section>
        </Layout>
      </SkeletonPage>
    );
  }
  const segment = current.state.status === 'ready' ? current.state.data.segment : null;
  const others = list.state.data.segments.filter((s) => s.id !== segment?.id);
  const context = {
    segment,
    templates: templates.state.status === 'ready' ? templates.state.data.templates : [],
    takenNames: new Set(others.map((s) => s.name)),
    usedTemplates: new Set(others.flatMap((s) => (s.templateKey ? [s.templateKey] : []))),
  };
  return <SegmentEditorForm key={segment?.id ?? 'new'} initial={segment ? draftOfSegment(segment) : EMPTY_DRAFT} context={context} />;
}
