import { useState } from 'react';
import { Banner, BlockStack, Modal, Text } from '@shopify/polaris';
import type { DestinationView } from '../../../server/admin-api/admin-api-types.js';
import { deleteDestination } from './destination-api.js';
import { KIND_LABELS } from './destination-labels.js';

/** Asks before deleting a destination; what was already synced stays in the remote tool. */
export function DeleteDestinationModal({ destination, onClose, onDeleted }: { destination: DestinationView; onClose: () => void; onDeleted: () => void }) {
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = () => {
    setDeleting(true);
    setError(null);
    deleteDestination(destination.id).then(
      () => {
        onDeleted();
        onClose();
      },
      (err: unknown) => {
        setDeleting(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };
  return (
    <Modal
      open
      onClose={onClose}
      title={`Delete "${destination.name}"?`}
      primaryAction={{ content: 'Delete destination', destructive: true, loading: deleting, onAction: confirm }}
      secondaryActions={[{ content: 'Cancel', onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="200">
          {error && (
            <Banner tone="critical" title="The destination could not be deleted">
              <Text as="p">{error}</Text>
            </Banner>
          )}
          <Text as="p">
            {`Syncing to ${KIND_LABELS[destination.kind]} stops and its links to segments, sync history and saved credentials are deleted. Shoppers already sent stay in ${KIND_LABELS[destination.kind]}. This cannot be undone.`}
          </Text>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
