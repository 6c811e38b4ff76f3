import { Banner, BlockStack, InlineStack, ProgressBar, Text } from '@shopify/polaris';
import { formatDateTime, formatNumber } from '../format.js';
import { importIsRunning, type OrderImportStatus } from './order-import-types.js';

const STATUS_TEXT: Record<OrderImportStatus['status'], string> = {
  none: 'No order-history import has run for this shop yet. It starts on install.',
  pending: 'Waiting for Shopify to start the export of the last 60 days of orders.',
  running: 'Shopify is exporting the last 60 days of orders.',
  downloading: 'Importing the exported orders.',
  done: 'The last 60 days of orders are imported.',
  failed: 'The order-history import stopped.',
};

/** The order-history import: a progress bar with counts while it runs, its outcome after. */
export function OrderImportProgress({ status }: { status: OrderImportStatus }) {
  const orders = `${formatNumber(status.importedOrders)} ${status.importedOrders === 1 ? 'order' : 'orders'} imported`;
  if (status.status === 'failed') {
    return (
      <Banner tone="critical" title="The order-history import stopped">
        <Text as="p">{status.error ?? 'Shopify did not finish the export.'} It is retried automatically; {orders} so far.</Text>
      </Banner>
    );
  }
  return (
    <BlockStack gap="200">
      <Text as="p">{STATUS_TEXT[status.status]}</Text>
      {importIsRunning(status) && (
        <BlockStack gap="100">
          <ProgressBar progress={status.percent ?? 0} size="small" ariaLabelledBy="order-import-progress-label" />
          <InlineStack align="space-between">
            <Text as="span" id="order-import-progress-label" variant="bodySm">
              {orders}
            </Text>
            <Text as="span" variant="bodySm" tone="subdued">
              {status.percent === null ? 'Size not known yet' : `${status.percent}%`}
            </Text>
          </InlineStack>
        </BlockStack>
      )}
      {status.status === 'done' && (
        <Text as="p" tone="subdued">
          {orders}
          {status.updatedAt ? `, finished ${formatDateTime(status.updatedAt)}` : ''}.
        </Text>
      )}
    </BlockStack>
  );
}
