import { useCallback, useEffect, useState } from 'react';
import { Banner, BlockStack, Button, InlineStack, SkeletonBodyText, Text } from '@shopify/polaris';
import type { ProfileEventsPage } from '../../../server/admin-api/admin-api-types.js';
import { AdminApiError, fetchAdminApi } from '../fetch-admin-api.js';
import { formatDateTime } from '../format.js';
import { LoadErrorBanner } from '../shared/load-error-banner.js';

const PAGE_SIZE = 20;
type TimelineEvent = ProfileEventsPage['events'][number];

/** The shopper's events, newest first, a page at a time ("Load more"). */
export function ShopperTimeline({ profileId }: { profileId: number }) {
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'unavailable' | { error: string }>('loading');

  const load = useCallback((before: string | null) => {
    setStatus('loading');
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (before) params.set('before', before);
    return fetchAdminApi<ProfileEventsPage>(`/api/profiles/${profileId}/events?${params}`).then(
      (page) => {
        setEvents((previous) => (before ? [...previous, ...page.events] : page.events));
        setNext(page.nextCursor);
        setStatus('ready');
      },
      (err: unknown) => {
        // A server without the timeline route answers the generic not_found.
        if (err instanceof AdminApiError && err.status === 404 && err.code === 'not_found') setStatus('unavailable');
        else setStatus({ error: err instanceof Error ? err.message : String(err) });
      },
    );
  }, [profileId]);

  useEffect(() => { void load(null); }, [load]);

  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">Event timeline</Text>
      {status === 'unavailable' && <Banner tone="info"><Text as="p">The event timeline is not available on this server yet.</Text></Banner>}
      {typeof status === 'object' && <LoadErrorBanner title="The events could not be loaded" message={status.error} onRetry={() => void load(events.length ? next : null)} />}
      {status === 'ready' && events.length === 0 && <Text as="p" tone="subdued">No events stored for this shopper.</Text>}
      {events.length > 0 && (
        <ol aria-label="Events, newest first" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {events.map((e) => (
            <li key={e.id} style={{ padding: '6px 0', borderBottom: '1px solid var(--p-color-border-secondary)' }}>
              <InlineStack gap="300" blockAlign="center" wrap>
                <Text as="span" tone="subdued" numeric>{formatDateTime(e.occurredAt)}</Text>
                <Text as="span" fontWeight="semibold">{e.name}</Text>
                <Text as="span" tone="subdued">{e.device}{e.pagePath ? ` · ${e.pagePath}` : ''}</Text>
              </InlineStack>
            </li>
          ))}
        </ol>
      )}
      {status === 'loading' && <SkeletonBodyText lines={3} />}
      {status === 'ready' && next !== null && (
        <InlineStack><Button onClick={() => void load(next)}>Load more</Button></InlineStack>
      )}
    </BlockStack>
  );
}
