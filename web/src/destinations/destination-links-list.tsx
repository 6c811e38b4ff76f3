import { BlockStack, InlineStack, Link, Text } from '@shopify/polaris';
import type { DestinationView } from '../../../server/admin-api/admin-api-types.js';
import { formatNumber } from '../format.js';
import { REMOTE_REF_LABELS } from './destination-labels.js';

/** The segments a destination syncs, with where each lands remotely and how many it holds. */
export function DestinationLinksList({ destination }: { destination: DestinationView }) {
  if (destination.links.length === 0) {
    return (
      <Text as="p" tone="subdued">
        No segment linked yet. Open a segment and use "Link a destination" to send it here.
      </Text>
    );
  }
  return (
    <BlockStack gap="100" as="ul">
      {destination.links.map((link) => (
        <li key={link.segmentId} style={{ listStyle: 'none' }}>
          <InlineStack gap="200" blockAlign="center">
            <Link url={`/segments/${link.segmentId}`}>{link.segmentName}</Link>
            <Text as="span" tone="subdued">
              {[
                link.remoteRef ? `${REMOTE_REF_LABELS[destination.kind]} ${link.remoteRef}` : 'Created on the first sync',
                `${formatNumber(link.syncedMembers)} synced`,
                ...(link.deadOperations > 0 ? [`${formatNumber(link.deadOperations)} rejected for good`] : []),
              ].join(' · ')}
            </Text>
          </InlineStack>
        </li>
      ))}
    </BlockStack>
  );
}
