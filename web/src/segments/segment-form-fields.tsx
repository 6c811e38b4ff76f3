import { Card, FormLayout, Select, Text, TextField } from '@shopify/polaris';
import type { SegmentDraft } from './segment-draft.js';
import { CHANNEL_LABELS, KPI_LABELS, REFRESH_LABELS } from './segment-labels.js';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
const KPI_OPTIONS = options(KPI_LABELS);
const CHANNEL_OPTIONS = options(CHANNEL_LABELS);
const REFRESH_OPTIONS = options(REFRESH_LABELS);
const STATUS_OPTIONS = [{ value: 'active', label: 'Active' }, { value: 'paused', label: 'Paused' }];

export interface FieldErrors { name?: string; query?: string }

/** The segment's fields; the query field shows a syntax error (line and column) right under it. */
export function SegmentFormFields({ draft, onChange, errors }: {
  draft: SegmentDraft;
  onChange: (patch: Partial<SegmentDraft>) => void;
  errors: FieldErrors;
}) {
  return (
    <Card>
      <FormLayout>
        <TextField label="Name" value={draft.name} onChange={(name) => onChange({ name })} error={errors.name} maxLength={120} autoComplete="off" requiredIndicator />
        <TextField label="Description" value={draft.description} onChange={(description) => onChange({ description })} multiline={2} maxLength={1000} autoComplete="off" />
        <TextField
          label="Query"
          value={draft.query}
          onChange={(query) => onChange({ query })}
          error={errors.query}
          multiline={4}
          maxLength={4000}
          autoComplete="off"
          spellCheck={false}
          monospaced
          requiredIndicator
          placeholder="cart_abandoned_date >= -7d AND primary_device = 'MOBILE'"
          helpText={
            <Text as="span">
              One condition over shopper traits and events, e.g. <code>number_of_orders &gt;= 2 AND last_order_date &lt; -180d</code> or{' '}
              <code>shopper_events MATCHES (name = &apos;Product_Viewed&apos;, date &gt;= -7d, count &gt;= 3)</code>. AND binds tighter than OR;
              enum values are quoted capitals (&apos;MOBILE&apos;); dates like -7d, today or 2025-01-31.
            </Text>
          }
        />
        <FormLayout.Group>
          <Select label="KPI" options={KPI_OPTIONS} value={draft.kpi} onChange={(kpi) => onChange({ kpi: kpi as SegmentDraft['kpi'] })} />
          <Select label="Refresh" options={REFRESH_OPTIONS} value={draft.refreshPolicy} onChange={(v) => onChange({ refreshPolicy: v as SegmentDraft['refreshPolicy'] })} />
          <Select label="Status" options={STATUS_OPTIONS} value={draft.status} onChange={(v) => onChange({ status: v as SegmentDraft['status'] })} />
        </FormLayout.Group>
        <Select label="Activation channel" options={CHANNEL_OPTIONS} value={draft.channel} onChange={(v) => onChange({ channel: v as SegmentDraft['channel'] })} />
        <TextField
          label="Activation plan"
          value={draft.plan}
          onChange={(plan) => onChange({ plan })}
          multiline={2}
          maxLength={1000}
          autoComplete="off"
          helpText="What you do differently for this group: the message, offer, timing or exclusion."
        />
      </FormLayout>
    </Card>
  );
}
