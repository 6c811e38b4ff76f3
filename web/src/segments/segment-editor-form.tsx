import { useState } from 'react';
import { Banner, BlockStack, Layout, Page, Text } from '@shopify/polaris';
import { navigate } from '../app/router.js';
import { AdminApiError, fetchAdminApi } from '../fetch-admin-api.js';
import { QueryPreviewCard } from './query-preview-card.js';
import { bodyOfDraft, draftOfTemplate, type SegmentDraft } from './segment-draft.js';
import { SegmentFormFields, type FieldErrors } from './segment-form-fields.js';
import type { Segment, SegmentTemplate } from './segment-types.js';
import { TemplateGallery } from './template-gallery.js';
import { useSegmentPreview } from './use-segment-preview.js';

export interface EditorContext {
  /** The segment being edited, or null for a new one. */
  segment: Segment | null;
  templates: SegmentTemplate[];
  /** Names and template keys of the shop's other segments. */
  takenNames: ReadonlySet<string>;
  usedTemplates: ReadonlySet<string>;
}

/** The form with its live preview; saves with POST (new) or PATCH (edit), then opens the segment. */
export function SegmentEditorForm({ initial, context }: { initial: SegmentDraft; context: EditorContext }) {
  const [draft, setDraft] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [saveErrors, setSaveErrors] = useState<FieldErrors & { form?: string }>({});
  const { preview, settled } = useSegmentPreview(draft.query);
  const { segment } = context;

  const change = (patch: Partial<SegmentDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaveErrors((e) => ({ ...e, ...('name' in patch ? { name: undefined } : {}), ...('query' in patch ? { query: undefined } : {}), form: undefined }));
  };
  const chooseTemplate = (t: SegmentTemplate) => {
    setDraft(draftOfTemplate(t, context.takenNames));
    setSaveErrors({});
  };

  const save = () => {
    const missing: FieldErrors = {};
    if (!draft.name.trim()) missing.name = 'Give the segment a name.';
    if (!draft.query.trim()) missing.query = 'Write the query that decides who is in the segment.';
    if (missing.name || missing.query) { setSaveErrors(missing); return; }
    setSaving(true);
    const request = segment
      ? fetchAdminApi<{ segment: Segment }>(`/api/segments/${segment.id}`, { method: 'PATCH', body: { ...bodyOfDraft({ ...draft, template: null }) } })
      : fetchAdminApi<{ segment: Segment }>('/api/segments', { method: 'POST', body: bodyOfDraft(draft) });
    request.then(
      ({ segment: saved }) => navigate(`/segments/${saved.id}`),
      (err: unknown) => {
        setSaving(false);
        const message = err instanceof Error ? err.message : String(err);
        if (err instanceof AdminApiError && err.code === 'segment_name_taken') setSaveErrors({ name: message });
        else if (err instanceof AdminApiError && err.code === 'invalid_segment_query') setSaveErrors({ query: message });
        else setSaveErrors({ form: message });
      },
    );
  };

  const queryError = saveErrors.query ?? (settled && preview.status === 'invalid' ? preview.message : undefined);
  const cancelUrl = segment ? `/segments/${segment.id}` : '/segments';
  return (
    <Page
      title={segment ? `Edit ${segment.name}` : 'Create segment'}
      backAction={{ content: segment ? segment.name : 'Segments', url: cancelUrl }}
      primaryAction={{ content: 'Save', loading: saving, onAction: save }}
      secondaryActions={[{ content: 'Cancel', url: cancelUrl }]}
    >
      <Layout>
        {saveErrors.form && (
          <Layout.Section>
            <Banner tone="critical" title="The segment could not be saved"><Text as="p">{saveErrors.form}</Text></Banner>
          </Layout.Section>
        )}
        {!segment && context.templates.length > 0 && (
          <Layout.Section>
            <TemplateGallery templates={context.templates} used={context.usedTemplates} chosen={draft.template} onChoose={chooseTemplate} />
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <SegmentFormFields draft={draft} onChange={change} errors={{ name: saveErrors.name, query: queryError }} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <QueryPreviewCard preview={preview} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
