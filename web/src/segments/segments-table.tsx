import { Badge, BlockStack, IndexTable, InlineStack, Link, Text, type IndexTableProps } from '@shopify/polaris';
import { formatNumber } from '../format.js';
import { CHANNEL_LABELS, formatKpi, formatRelativeTime, KPI_LABELS } from './segment-labels.js';
import type { Segment } from './segment-types.js';
import { SizeTrend } from './size-trend.js';

const PLAN_EXCERPT = 42;
const excerpt = (plan: string) => (plan.length > PLAN_EXCERPT ? `${plan.slice(0, PLAN_EXCERPT - 1)}…` : plan);

const HEADINGS: IndexTableProps['headings'] = [
  { title: 'Segment' }, { title: 'Members', alignment: 'end' }, { title: '7-day trend' }, { title: 'KPI (30 days) vs store' },
  { title: 'Activation' }, { title: 'Last refreshed' }, { title: 'Status' },
];

/** Every segment of the shop, one row each: size and trend, KPI against the store, activation, freshness. */
export function SegmentsTable({ segments, undistinct }: { segments: Segment[]; undistinct: Set<number> }) {
  return (
    <IndexTable
      resourceName={{ singular: 'segment', plural: 'segments' }}
      itemCount={segments.length}
      selectable={false}
      headings={HEADINGS}
    >
      {segments.map((s, index) => (
        <IndexTable.Row id={String(s.id)} key={s.id} position={index}>
          <IndexTable.Cell>
            <Link url={`/segments/${s.id}`} removeUnderline dataPrimaryLink monochrome>
              <Text as="span" fontWeight="semibold">{s.name}</Text>
            </Link>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>{formatNumber(s.memberCount)}</Text>
          </IndexTable.Cell>
          <IndexTable.Cell><SizeTrend trend={s.trend} /></IndexTable.Cell>
          <IndexTable.Cell>
            <BlockStack gap="050">
              <Text as="span">{KPI_LABELS[s.kpi]} {formatKpi(s.kpi, s.kpis.headline.value)}</Text>
              {s.kpis.baseline !== undefined && (
                <Text as="span" tone="subdued" variant="bodySm">Store {formatKpi(s.kpi, s.kpis.baseline)}</Text>
              )}
            </BlockStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <BlockStack gap="050">
              <InlineStack gap="100" blockAlign="center">
                <Text as="span">{CHANNEL_LABELS[s.activation.channel] ?? s.activation.channel}</Text>
                {undistinct.has(s.id) && <Badge tone="warning">Not distinct</Badge>}
              </InlineStack>
              {s.activation.plan && <Text as="span" tone="subdued" variant="bodySm">{excerpt(s.activation.plan)}</Text>}
            </BlockStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <InlineStack gap="100" blockAlign="center">
              <Text as="span">{s.refreshedAt ? formatRelativeTime(s.refreshedAt) : 'Never'}</Text>
              {s.stale && <Badge tone="warning">Stale</Badge>}
            </InlineStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            {s.status === 'active' ? <Badge tone="success">Active</Badge> : <Badge>Paused</Badge>}
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
