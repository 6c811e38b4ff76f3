import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import { createImportQueries, type ImportRow } from '../db/import-queries.js';
import type { ShopRow } from '../db/shops.js';
import type { Logger } from '../logger.js';
import { handleCustomer } from '../webhooks/handlers/handle-customer.js';
import { handleOrder } from '../webhooks/handlers/handle-order.js';
import { describeJobError } from '../webhooks/describe-job-error.js';
import { bulkCustomer, graphqlCustomerToCustomerPayload } from './graphql-customer-to-customer-payload.js';
import { bulkLineItemLine, bulkOrderLine, graphqlOrderToOrderPayload } from './graphql-order-to-order-payload.js';
import { BulkFileError, groupBulkLines, type BulkGroup } from './group-bulk-lines.js';
import { createShopQueries } from '../db/shops.js';

export interface ImportBulkOrdersDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  fetch?: typeof fetch;
  /** Orders stored per transaction, and so the most a crash makes us read again (default 100). */
  batchSize?: number;
}

/**
 * Streams the bulk file of an import (never held whole in memory) and stores each order through the
 * webhook path (handle-order.ts), so an imported order lands exactly as orders/create would have put it
 * and Order_Placed is derived the same way. The buyer behind each order goes through the customers/update path
 * (handle-customer.ts), once per customer per run; an import's older copy never overwrites a newer one. Every `batchSize` orders, one transaction stores them and
 * moves `lines_done` past them, so a restart resumes after the last committed order; orders read again
 * anyway are harmless, the order path being idempotent. Returns the number of orders imported.
 */
export async function importBulkOrders(deps: ImportBulkOrdersDeps, row: ImportRow, shop: ShopRow): Promise<number> {
  const { db, clock, logger } = deps;
  const batchSize = deps.batchSize ?? 100;
  const imports = createImportQueries(db);
  if (!row.url) throw new BulkDownloadError('the bulk operation has no result file');
  const res = await (deps.fetch ?? fetch)(row.url);
  if (!res.ok || !res.body) throw new BulkDownloadError(`the bulk file download answered HTTP ${res.status}`);
  const lines = createInterface({ input: Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), crlfDelay: Infinity });

  const ctx = { db, clock, logger };
  let imported = row.importedCount;
  let skipped = 0;
  // Every order of a customer carries the same customer state (the export's), so once is enough.
  const customersSeen = new Set<string>();
  const storeOne = db.transaction((group: BulkGroup) => {
    const order = bulkOrderLine.parse(group.parent);
    const items = group.children.flatMap((c) => {
      const item = bulkLineItemLine.safeParse(c);
      return item.success ? [item.data] : [];
    });
    handleOrder({
      topic: 'orders/import', shopId: shop.id, shopDomain: shop.domain, triggeredAt: null,
      eventId: `import:${row.id}:${order.id}`, payload: graphqlOrderToOrderPayload(order, items),
    }, ctx);
  });
  const storeCustomer = db.transaction((customer: unknown) => {
    const parsed = bulkCustomer.parse(customer);
    handleCustomer({
      topic: 'customers/import', shopId: shop.id, shopDomain: shop.domain, triggeredAt: null,
      eventId: `import:${row.id}:${parsed.id}`, payload: graphqlCustomerToCustomerPayload(parsed),
    }, ctx);
  });
  const storeBatch = db.transaction((groups: BulkGroup[]) => {
    for (const group of groups) {
      // Nested, so a savepoint: one unreadable order is skipped without losing the batch.
      try {
        storeOne(group);
        imported++;
      } catch (err) {
        skipped++;
        logger.warn('imported order skipped', { importId: row.id, error: describeJobError(err) });
        continue;
      }
      const customer = group.parent.customer;
      const customerId = customer && typeof customer === 'object' ? (customer as { id?: unknown }).id : undefined;
      if (typeof customerId !== 'string' || customersSeen.has(customerId)) continue;
      customersSeen.add(customerId);
      // Its own savepoint too: an unreadable customer loses neither its order nor the batch.
      try {
        storeCustomer(customer);
      } catch (err) {
        logger.warn('imported customer skipped', { importId: row.id, error: describeJobError(err) });
      }
    }
    imports.recordProgress(row.id, groups[groups.length - 1]!.linesThrough, imported, clock.now());
  });

  const shops = createShopQueries(db);
  const stats = { orphans: 0, lines: 0 };
  let batch: BulkGroup[] = [];
  try {
    for await (const group of groupBulkLines(lines, row.linesDone, stats)) {
      batch.push(group);
      if (batch.length >= batchSize) {
        // app/uninstalled stops all work for the shop: stop between batches, resumable on a reinstall.
        if (shops.byDomain(shop.domain)?.uninstalledAt != null) throw new ShopUninstalledError();
        storeBatch.immediate(batch);
        batch = [];
      }
    }
    if (batch.length > 0) storeBatch.immediate(batch);
  } catch (err) {
    if (err instanceof BulkFileError) throw err;
    if (err instanceof ShopUninstalledError) throw new BulkDownloadError(`the app was uninstalled; the import resumes after line ${imports.get(row.id)?.linesDone ?? 0} on a reinstall`);
    // Said with our words: what fetch or SQLite report may not be worth more, and never quotes the file.
    throw new BulkDownloadError(`the bulk file stopped after line ${stats.lines} (${describeJobError(err)}); resuming after line ${imports.get(row.id)?.linesDone ?? 0}`);
  } finally {
    lines.close();
  }
  if (skipped > 0 || stats.orphans > 0) logger.warn('order import finished with skipped rows', { importId: row.id, skipped, orphans: stats.orphans });
  return imported;
}

class ShopUninstalledError extends Error {}

/** The bulk file could not be fetched; a later attempt may succeed (the URL lives 7 days). */
export class BulkDownloadError extends Error {
  override name = 'BulkDownloadError';
}
