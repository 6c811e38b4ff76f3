import { z } from 'zod';
import { createImportQueries } from '../../db/import-queries.js';
import { wakeBulkOperation } from '../../shopify/bulk-operation-wakers.js';
import type { WebhookHandler } from '../webhook-handler.js';
import { gid, parsePayload, shortText } from './shopify-payload-fields.js';

const bulkOperationFinish = z.object({
  admin_graphql_api_id: gid,
  status: shortText,
  type: shortText.nullish(),
  error_code: shortText.nullish(),
});

/**
 * bulk_operations/finish (shopify.md §7.3): the order import's bulk query ended. A failure marks the
 * import failed at once, with Shopify's error code; a completion wakes the import waiting in this
 * process, which reads the result URL from currentBulkOperation (the payload has none). Operations that
 * are not an import's (another bulk query, a mutation) are ignored. Idempotent: marking failed twice,
 * or waking nobody, changes nothing.
 */
export const handleBulkOperationFinish: WebhookHandler = (delivery, ctx) => {
  const payload = parsePayload(bulkOperationFinish, delivery);
  const imports = createImportQueries(ctx.db);
  const row = imports.byBulkOperation(delivery.shopId, payload.admin_graphql_api_id);
  if (!row) return;
  const status = payload.status.toLowerCase();
  if (status === 'failed' || status === 'canceled' || status === 'expired') {
    imports.markFailed(row.id, `bulk operation ${status}${payload.error_code ? `: ${payload.error_code.toUpperCase()}` : ''}`, ctx.clock.now());
    ctx.logger.warn('order import bulk operation ended without a file', { importId: row.id, status });
  }
  // The import polls right away; by then this transaction has committed (the wake runs after it returns).
  wakeBulkOperation(payload.admin_graphql_api_id);
};
