import { Badge, BlockStack, InlineStack, Link, Modal, SkeletonBodyText, Text } from '@shopify/polaris';
import { useAdminResource } from '../api/use-admin-resource.js';
import { formatDateTime } from '../format.js';
import { LoadErrorBanner } from '../shared/load-error-banner.js';
import type { Profile } from './segment-types.js';
import { ShopperTimeline } from './shopper-timeline.js';
import { ShopperTraits } from './shopper-traits.js';

type ProfileWithSegments = Profile & { segments: { id: number; name: string }[] };

function Abandonment({ label, value }: { label: string; value: Profile['cartAbandonment'] | Profile['checkoutAbandonment'] }) {
  if (!value) return <Text as="p" tone="subdued">{label}: none open.</Text>;
  return (
    <InlineStack gap="200" blockAlign="center" wrap>
      <Text as="p">
        {label}: {value.date ? formatDateTime(value.date) : 'date unknown'}, {value.items ?? '?'} item(s){value.value !== null ? `, ${value.value.toFixed(2)}` : ''}
      </Text>
      {value.recoveryUrl && <Link url={value.recoveryUrl} target="_blank">Recovery link</Link>}
    </InlineStack>
  );
}

/** One shopper: traits, RFM scores, open abandonments with their recovery links, segments, and the event timeline. */
export function ShopperModal({ profileId, onClose }: { profileId: number; onClose: () => void }) {
  const { state, reload } = useAdminResource<{ profile: ProfileWithSegments }>(`/api/profiles/${profileId}`);
  const profile = state.status === 'ready' ? state.data.profile : null;
  const title = profile ? (profile.email ?? `Anonymous shopper #${profile.profileId}`) : 'Shopper';
  return (
    <Modal open onClose={onClose} title={title} size="large" secondaryActions={[{ content: 'Close', onAction: onClose }]}>
      <Modal.Section>
        {state.status === 'loading' && <SkeletonBodyText lines={8} />}
        {state.status === 'error' && <LoadErrorBanner title="The shopper could not be loaded" message={state.message} onRetry={reload} />}
        {profile && (
          <BlockStack gap="400">
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">RFM</Text>
              <InlineStack gap="300" blockAlign="center" wrap>
                <Badge tone="info">{profile.rfm.group}</Badge>
                <Text as="span">Recency {profile.rfm.recencyScore ?? '–'}</Text>
                <Text as="span">Frequency {profile.rfm.frequencyScore ?? '–'}</Text>
                <Text as="span">Monetary {profile.rfm.monetaryScore ?? '–'}</Text>
              </InlineStack>
            </BlockStack>
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">Abandonment</Text>
              <Abandonment label="Cart" value={profile.cartAbandonment} />
              <Abandonment label="Checkout" value={profile.checkoutAbandonment} />
            </BlockStack>
            <ShopperTraits profile={profile} />
            {profile.segments.length > 0 && (
              <Text as="p" tone="subdued">In segments: {profile.segments.map((s) => s.name).join(', ')}</Text>
            )}
          </BlockStack>
        )}
      </Modal.Section>
      {profile && (
        <Modal.Section>
          <ShopperTimeline profileId={profileId} />
        </Modal.Section>
      )}
    </Modal>
  );
}
