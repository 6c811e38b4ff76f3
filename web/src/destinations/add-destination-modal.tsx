import { useState, type FormEvent } from 'react';
import { Banner, BlockStack, ChoiceList, Form, Modal, Text } from '@shopify/polaris';
import type { DestinationKindKey } from '../../../server/admin-api/admin-api-types.js';
import { createDestination } from './destination-api.js';
import { createBody, emptyDraft, fieldErrorsOf, type DestinationDraft, type DraftField, type FieldErrors } from './destination-draft.js';
import { DestinationFields } from './destination-fields.js';
import { KIND_LABELS } from './destination-labels.js';
import { SigningSecretNotice } from './signing-secret-notice.js';

const KIND_CHOICES: { value: DestinationKindKey; helpText: string }[] = [
  { value: 'klaviyo', helpText: 'One Klaviyo list per segment, with Entered / Exited Segment events for flows.' },
  { value: 'mailchimp', helpText: 'One tag per segment in a Mailchimp audience. Opted-out contacts are never resubscribed.' },
  { value: 'shopify_tags', helpText: 'A customer tag per segment, for Shopify Email, Flow and customer segments.' },
  { value: 'webhook', helpText: 'Signed JSON batches of added and removed shoppers to your own endpoint.' },
];

type Step = { name: 'kind' } | { name: 'fields' } | { name: 'secret'; secret: string };

/** Add a destination: choose the kind, fill in its fields (errors on them), and for a webhook see its secret once. */
export function AddDestinationModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const [step, setStep] = useState<Step>({ name: 'kind' });
  const [kind, setKind] = useState<DestinationKindKey>('klaviyo');
  const [draft, setDraft] = useState<DestinationDraft>(() => emptyDraft('klaviyo'));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  // Each opening starts over: nothing typed (a key above all) outlives the dialog.
  const close = () => {
    onClose();
    setStep({ name: 'kind' });
    setKind('klaviyo');
    setDraft(emptyDraft('klaviyo'));
    setErrors({});
    setFormError(null);
  };
  const chooseKind = (next: DestinationKindKey) => {
    setKind(next);
    setDraft(emptyDraft(next));
    setErrors({});
    setFormError(null);
  };
  const change = <F extends DraftField>(field: F, value: DestinationDraft[F]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (step.name === 'kind') return setStep({ name: 'fields' });
    if (step.name !== 'fields' || saving) return;
    setSaving(true);
    setFormError(null);
    try {
      const { signingSecret } = await createDestination(createBody(kind, draft));
      onCreated();
      if (signingSecret) setStep({ name: 'secret', secret: signingSecret });
      else close();
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) setErrors(fields);
      else setFormError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  }

  const title = step.name === 'kind' ? 'Add destination' : step.name === 'fields' ? `Add ${KIND_LABELS[kind]} destination` : 'Save your signing secret';
  const primary =
    step.name === 'kind' ? { content: 'Next', onAction: save }
    : step.name === 'fields' ? { content: 'Add destination', loading: saving, onAction: save }
    : { content: 'Done', onAction: close };
  const secondary = step.name === 'fields' ? [{ content: 'Back', onAction: () => setStep({ name: 'kind' }) }] : step.name === 'kind' ? [{ content: 'Cancel', onAction: close }] : [];

  return (
    <Modal open={open} onClose={close} title={title} primaryAction={primary} secondaryActions={secondary}>
      <Modal.Section>
        {step.name === 'secret' ? (
          <SigningSecretNotice secret={step.secret} />
        ) : (
          <Form onSubmit={save}>
            <BlockStack gap="400">
              {formError && (
                <Banner tone="critical" title="The destination was not added">
                  <Text as="p">{formError}</Text>
                </Banner>
              )}
              {step.name === 'kind' ? (
                <ChoiceList
                  title="Where should segments be sent?"
                  choices={KIND_CHOICES.map((c) => ({ label: KIND_LABELS[c.value], value: c.value, helpText: c.helpText }))}
                  selected={[kind]}
                  onChange={(selected) => chooseKind(selected[0] as DestinationKindKey)}
                />
              ) : (
                <DestinationFields kind={kind} draft={draft} errors={errors} onChange={change} editing={false} />
              )}
            </BlockStack>
          </Form>
        )}
      </Modal.Section>
    </Modal>
  );
}
