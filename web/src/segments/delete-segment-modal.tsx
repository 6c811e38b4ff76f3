import { useState } from 'react';
import { Banner, BlockStack, Modal, Text } from '@shopify/polaris';
import { navigate } from '../app/router.js';
import { fetchAdminApi } from '../fetch-admin-api.js';

/** Asks before deleting; on success goes back to the segments list. */
export function DeleteSegmentModal({ id, name, open, onClose }: { id: number; name: string; open: boolean; onClose: () => void }) {
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = () => {
    setDeleting(true);
    setError(null);
    fetchAdminApi<void>(`/api/segments/${id}`, { method: 'DELETE' }).then(
      () => navigate('/segments'),
      (err: unknown) => {
        setDeleting(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={`Delete "${name}"?`}
      primaryAction={{ content: 'Delete segment', destructive: true, loading: deleting, onAction: confirm }}
      secondaryActions={[{ content: 'Cancel', onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="200">
          {error && <Banner tone="critical" title="The segment could not be deleted"><Text as="p">{error}</Text></Banner>}
          <Text as="p">Its memberships, log and size history are deleted with it. This cannot be undone.</Text>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
