import { useState } from 'react';
import { BlockStack, Box, Card, EmptyState, IndexTable, Link, SkeletonBodyText, Text, TextField, type IndexTableProps } from '@shopify/polaris';
import { useAdminResource } from '../api/use-admin-resource.js';
import { formatNumber } from '../format.js';
import { EMPTY_CHART_IMAGE } from '../empty-chart-image.js';
import { LoadErrorBanner } from '../shared/load-error-banner.js';
import { formatRelativeTime } from './segment-labels.js';
import type { MembersPage } from './segment-types.js';
import { ShopperModal } from './shopper-modal.js';
import { useDebouncedValue } from './use-debounced-value.js';

const PAGE_SIZE = 25;
const HEADINGS: IndexTableProps['headings'] = [
  { title: 'Shopper' }, { title: 'RFM group' }, { title: 'Orders', alignment: 'end' }, { title: 'Amount spent', alignment: 'end' },
  { title: 'Device' }, { title: 'Member since' },
];

/** The segment's members, a page at a time (cursor paging), searchable by email, customer id or profile id. */
export function SegmentMembersCard({ segmentId }: { segmentId: number }) {
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  // Cursors of the pages before the current one; the current page's cursor is the last entry.
  const [cursors, setCursors] = useState<{ q: string; stack: (string | null)[] }>({ q: '', stack: [null] });
  const stack = cursors.q === q ? cursors.stack : [null];
  const cursor = stack[stack.length - 1] ?? null;
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor) params.set('cursor', cursor);
  if (q) params.set('q', q);
  const { state, reload } = useAdminResource<MembersPage>(`/api/segments/${segmentId}/members?${params}`);
  const [openProfile, setOpenProfile] = useState<number | null>(null);

  const page = state.status === 'ready' ? state.data : null;
  let body: React.ReactNode;
  if (state.status === 'loading') body = <Box padding="400"><SkeletonBodyText lines={6} /></Box>;
  else if (state.status === 'error') body = <Box padding="400"><LoadErrorBanner title="The members could not be loaded" message={state.message} onRetry={reload} /></Box>;
  else if (page && page.members.length === 0) {
    body = (
      <EmptyState heading={q ? 'No member matches this search' : 'No members yet'} image={EMPTY_CHART_IMAGE}>
        <Text as="p">{q ? 'Search by the full start of an email, a customer id or a profile id.' : 'Shoppers appear here as soon as they match the query.'}</Text>
      </EmptyState>
    );
  } else if (page) {
    body = (
      <IndexTable
        resourceName={{ singular: 'member', plural: 'members' }}
        itemCount={page.members.length}
        selectable={false}
        headings={HEADINGS}
        pagination={{
          hasPrevious: stack.length > 1,
          hasNext: page.nextCursor !== null,
          onPrevious: () => setCursors({ q, stack: stack.slice(0, -1) }),
          onNext: () => setCursors({ q, stack: [...stack, page.nextCursor] }),
        }}
      >
        {page.members.map((m, index) => (
          <IndexTable.Row id={String(m.profileId)} key={m.profileId} position={index} onClick={() => setOpenProfile(m.profileId)}>
            <IndexTable.Cell>
              <Link dataPrimaryLink monochrome removeUnderline onClick={() => setOpenProfile(m.profileId)}>
                <Text as="span" fontWeight="semibold">{m.email ?? `Anonymous shopper #${m.profileId}`}</Text>
              </Link>
            </IndexTable.Cell>
            <IndexTable.Cell>{m.rfm.group}</IndexTable.Cell>
            <IndexTable.Cell><Text as="span" alignment="end" numeric>{formatNumber(m.numberOfOrders)}</Text></IndexTable.Cell>
            <IndexTable.Cell><Text as="span" alignment="end" numeric>{m.amountSpent.toFixed(2)}</Text></IndexTable.Cell>
            <IndexTable.Cell>{m.primaryDevice}</IndexTable.Cell>
            <IndexTable.Cell>{m.enteredAt ? formatRelativeTime(m.enteredAt) : '—'}</IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    );
  }

  return (
    <Card padding="0">
      <BlockStack gap="0">
        <Box padding="400">
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">Members</Text>
            <TextField
              label="Search members"
              labelHidden
              placeholder="Search by email, customer id or profile id"
              value={search}
              onChange={setSearch}
              clearButton
              onClearButtonClick={() => setSearch('')}
              autoComplete="off"
            />
          </BlockStack>
        </Box>
        {body}
      </BlockStack>
      {openProfile !== null && <ShopperModal key={openProfile} profileId={openProfile} onClose={() => setOpenProfile(null)} />}
    </Card>
  );
}
