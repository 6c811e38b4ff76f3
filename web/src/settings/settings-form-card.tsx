import { useState, type FormEvent } from 'react';
import { Banner, BlockStack, Button, Card, Form, FormLayout, InlineStack, TextField } from '@shopify/polaris';
import type { ShopSettings } from '../../../server/admin-api/admin-api-types.js';
import { AdminApiError, fetchAdminApi } from '../fetch-admin-api.js';

type Field = keyof ShopSettings;
const FIELDS: readonly Field[] = ['cartAbandonmentMinutes', 'checkoutAbandonmentMinutes', 'dataRetentionDays'];

// The server's bounds (docs/api.md), said the way a merchant can act on.
const RANGE_HINT: Record<Field, string> = {
  cartAbandonmentMinutes: 'Enter a whole number of minutes from 1 to 10,080 (7 days).',
  checkoutAbandonmentMinutes: 'Enter a whole number of minutes from 1 to 10,080 (7 days).',
  dataRetentionDays: 'Enter a whole number of days from 30 to 1,095 (3 years).',
};

const toDraft = (s: ShopSettings): Record<Field, string> => ({
  cartAbandonmentMinutes: String(s.cartAbandonmentMinutes),
  checkoutAbandonmentMinutes: String(s.checkoutAbandonmentMinutes),
  dataRetentionDays: String(s.dataRetentionDays),
});

/** The field a 400 invalid_body names (`Invalid field "dataRetentionDays": ...`), if it is one of ours. */
export function fieldOfError(err: AdminApiError): Field | null {
  const named = typeof err.details.field === 'string' ? err.details.field : /Invalid field "([^"]+)"/.exec(err.message)?.[1];
  return FIELDS.find((f) => f === named) ?? null;
}

/** Abandonment windows and data retention: PATCH /api/settings with only what changed, errors on their field. */
export function SettingsFormCard({ initial }: { initial: ShopSettings }) {
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState(() => toDraft(initial));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const changed = FIELDS.filter((f) => draft[f].trim() !== String(saved[f]));
  const set = (field: Field) => (value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setNotice(null);
  };

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (changed.length === 0 || saving) return;
    // Sent as typed (a number when it reads as one), so the server's bounds are the one source of truth.
    const body = Object.fromEntries(changed.map((f) => [f, draft[f].trim() === '' ? null : Number(draft[f])]));
    setSaving(true);
    setFormError(null);
    setNotice(null);
    try {
      const next = await fetchAdminApi<ShopSettings>('/api/settings', { method: 'PATCH', body });
      setSaved(next);
      setDraft(toDraft(next));
      setErrors({});
      const windows = changed.some((f) => f !== 'dataRetentionDays');
      setNotice(windows ? 'Settings saved. Every shopper is being recomputed with the new windows; segments update within minutes.' : 'Settings saved.');
    } catch (err) {
      const field = err instanceof AdminApiError && err.code === 'invalid_body' ? fieldOfError(err) : null;
      if (field) setErrors({ [field]: RANGE_HINT[field] });
      else setFormError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card>
      <Form onSubmit={save}>
        <BlockStack gap="400">
          {notice && (
            <Banner tone="success" onDismiss={() => setNotice(null)}>
              {notice}
            </Banner>
          )}
          {formError && (
            <Banner tone="critical" title="The settings were not saved">
              {formError}
            </Banner>
          )}
          <FormLayout>
            <FormLayout.Group>
              <TextField
                label="Cart abandonment window"
                type="number"
                suffix="minutes"
                autoComplete="off"
                value={draft.cartAbandonmentMinutes}
                onChange={set('cartAbandonmentMinutes')}
                error={errors.cartAbandonmentMinutes}
                helpText="A cart with no purchase this long after its last change counts as abandoned."
              />
              <TextField
                label="Checkout abandonment window"
                type="number"
                suffix="minutes"
                autoComplete="off"
                value={draft.checkoutAbandonmentMinutes}
                onChange={set('checkoutAbandonmentMinutes')}
                error={errors.checkoutAbandonmentMinutes}
                helpText="The same for a started checkout."
              />
            </FormLayout.Group>
            <TextField
              label="Data retention"
              type="number"
              suffix="days"
              autoComplete="off"
              value={draft.dataRetentionDays}
              onChange={set('dataRetentionDays')}
              error={errors.dataRetentionDays}
              helpText="Storefront events older than this are deleted every day. Orders and profiles stay."
            />
          </FormLayout>
          <InlineStack align="end" gap="200">
            <Button disabled={changed.length === 0 || saving} onClick={() => { setDraft(toDraft(saved)); setErrors({}); }}>
              Discard
            </Button>
            <Button variant="primary" submit loading={saving} disabled={changed.length === 0}>
              Save
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
