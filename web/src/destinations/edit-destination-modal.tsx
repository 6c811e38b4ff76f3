import { useState, type FormEvent } from 'react';
import { Banner, BlockStack, Form, Modal, Text } from '@shopify/polaris';
import type { DestinationView } from '../../../server/admin-api/admin-api-types.js';
import { updateDestination } from './destination-api.js';
import { draftOf, fieldErrorsOf, patchBody, type DestinationDraft, type DraftField, type FieldErrors } from './destination-draft.js';
import { DestinationFields } from './destination-fields.js';
import { credentialsRejected } from './destination-status-badge.js';
import { SigningSecretNotice } from './signing-secret-notice.js';

/**
 * Edit a destination: name and settings prefilled; credentials are write-only (empty password fields
 * that replace the saved ones when filled, which also ends a "credentials rejected" pause).
 */
export function EditDestinationModal({ destination, onClose, onSaved }: { destination: DestinationView; onClose: () => void; onSaved: () => void }) {
  const [draft, setDraft] = useState<DestinationDraft>(() => draftOf(destination));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // A webhook secret left empty on a rotation is generated, and shown this once.
  const [newSecret, setNewSecret] = useState<string | null>(null);

  const change = <F extends DraftField>(field: F, value: DestinationDraft[F]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (saving) return;
    setSaving(true);
    setFormError(null);
    try {
      const saved = await updateDestination(destination.id, patchBody(destination.kind, draft));
      onSaved();
      if (saved.signingSecret) setNewSecret(saved.signingSecret);
      else onClose();
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) setErrors(fields);
      else setFormError(err instanceof Error ? err.message : String(err));
      setSaving(false);
    }
  }

  if (newSecret) {
    return (
      <Modal open onClose={onClose} title="Save your new signing secret" primaryAction={{ content: 'Done', onAction: onClose }}>
        <Modal.Section>
          <SigningSecretNotice secret={newSecret} />
        </Modal.Section>
      </Modal>
    );
  }
  return (
    <Modal
      open
      onClose={onClose}
      title={`Edit ${destination.name}`}
      primaryAction={{ content: 'Save', loading: saving, onAction: save }}
      secondaryActions={[{ content: 'Cancel', onAction: onClose }]}
    >
      <Modal.Section>
        <Form onSubmit={save}>
          <BlockStack gap="400">
            {credentialsRejected(destination) && (
              <Banner tone="warning" title="Syncing is paused: the credentials were rejected">
                <Text as="p">Enter new credentials to resume syncing.</Text>
              </Banner>
            )}
            {formError && (
              <Banner tone="critical" title="The changes were not saved">
                <Text as="p">{formError}</Text>
              </Banner>
            )}
            <DestinationFields kind={destination.kind} draft={draft} errors={errors} onChange={change} editing />
          </BlockStack>
        </Form>
      </Modal.Section>
    </Modal>
  );
}
