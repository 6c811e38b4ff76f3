import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import { createImportQueries, type ImportProgress, type ImportRow } from '../db/import-queries.js';
import { createShopQueries, type ShopRow } from '../db/shops.js';
import type { Logger } from '../logger.js';
import { describeJobError } from '../webhooks/describe-job-error.js';
import { AdminGraphqlError } from './admin-graphql-error.js';
import { currentBulkOperation, isFinished, runBulkQuery } from './bulk-operations.js';
import { waitForBulkOperation } from './bulk-operation-wakers.js';
import type { AdminGraphqlClient } from './create-admin-graphql-client.js';
import { BulkFileError } from './group-bulk-lines.js';
import { BulkDownloadError, importBulkOrders } from './import-bulk-orders.js';
import { ORDER_HISTORY_DAYS, orderHistoryBulkQuery } from './order-history-bulk-query.js';

export interface OrderImportDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The shop's Admin GraphQL client (createAdminGraphqlClient with its offline token). */
  clientFor(shop: ShopRow): AdminGraphqlClient;
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
  /** Wait between two polls of currentBulkOperation (default 5 s; the finish webhook cuts it short). */
  pollMs?: number;
  batchSize?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Imports being worked on by this process, so a second start or resume does not run one twice. */
const active = new WeakMap<Db, Set<number>>();

/**
 * After an install: imports the last 60 days of orders, once per shop. An import already done is kept
 * (webhooks keep orders current from then on); an unfinished one is resumed; a failed one is started anew.
 * Resolves when the import stops (done, failed, or interrupted and left for resumeOrderHistoryImports);
 * never rejects: what went wrong is on the import row.
 */
export async function startOrderHistoryImport(deps: OrderImportDeps, shop: ShopRow): Promise<ImportProgress> {
  const imports = createImportQueries(deps.db);
  const latest = imports.latestOfShop(shop.id);
  const row = latest && latest.status !== 'failed' ? latest : imports.create(shop.id, deps.clock.now() - ORDER_HISTORY_DAYS * DAY_MS, deps.clock.now());
  return runOrderHistoryImport(deps, row.id);
}

/** At process start: carries on every unfinished import of an installed shop from where it stopped. */
export async function resumeOrderHistoryImports(deps: OrderImportDeps): Promise<ImportProgress[]> {
  const rows = createImportQueries(deps.db).unfinished();
  if (rows.length > 0) deps.logger.info('resuming order imports', { count: rows.length });
  return Promise.all(rows.map((row) => runOrderHistoryImport(deps, row.id)));
}

/** Moves one import through pending → running → downloading → done (or failed), from whatever state it is in. */
export async function runOrderHistoryImport(deps: OrderImportDeps, importId: number): Promise<ImportProgress> {
  const imports = createImportQueries(deps.db);
  const running = active.get(deps.db) ?? new Set<number>();
  active.set(deps.db, running);
  const progress = (): ImportProgress => toProgress(imports.get(importId));
  if (running.has(importId)) return progress();
  running.add(importId);
  try {
    await advance(deps, importId);
  } catch (err) {
    const now = deps.clock.now();
    if (isPermanent(err)) {
      imports.markFailed(importId, describeImportError(err), now);
      deps.logger.error('order import failed', { importId, error: describeImportError(err) });
    } else {
      imports.recordError(importId, describeImportError(err), now);
      deps.logger.warn('order import interrupted, will resume', { importId, error: describeImportError(err) });
    }
  } finally {
    running.delete(importId);
  }
  return progress();
}

async function advance(deps: OrderImportDeps, importId: number): Promise<void> {
  const { clock } = deps;
  const imports = createImportQueries(deps.db);
  const shops = createShopQueries(deps.db);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  // One client per run, so what it learns of the cost bucket carries from one poll to the next.
  let client: AdminGraphqlClient | null = null;
  const clientOf = (shop: ShopRow) => (client ??= deps.clientFor(shop));
  for (;;) {
    const row = imports.get(importId);
    const shop = row ? shops.byId(row.shopId) : undefined;
    // An uninstalled shop stops here and stays unfinished; a reinstall starts or resumes it.
    if (!row || !shop || shop.uninstalledAt !== null) return;
    switch (row.status) {
      case 'done':
      case 'failed':
        return;
      case 'pending': {
        const operation = await runBulkQuery(clientOf(shop), orderHistoryBulkQuery(row.since));
        imports.markRunning(row.id, operation.id, clock.now());
        break;
      }
      case 'running': {
        const operation = await currentBulkOperation(clientOf(shop));
        if (!operation || operation.id !== row.bulkOperationId) {
          throw new ImportFailure(`bulk operation ${row.bulkOperationId ?? '?'} is no longer the app's current bulk query`);
        }
        if (!isFinished(operation.status)) {
          await waitForBulkOperation(operation.id, deps.pollMs ?? 5000, sleep);
        } else if (operation.status !== 'COMPLETED') {
          throw new ImportFailure(`bulk operation ${operation.status.toLowerCase()}${operation.errorCode ? `: ${operation.errorCode}` : ''}`);
        } else if (!operation.url) {
          // Shopify gives no file when nothing matched: no orders in the last 60 days.
          imports.markDone(row.id, clock.now());
        } else {
          imports.markDownloading(row.id, operation.url, countOf(operation.objectCount), clock.now());
        }
        break;
      }
      case 'downloading': {
        const count = await importBulkOrders(deps, row, shop);
        imports.markDone(row.id, clock.now());
        deps.logger.info('order import done', { importId: row.id, shopId: shop.id, orders: count });
        break;
      }
    }
  }
}

function countOf(value: string | number | null): number | null {
  const n = Number(value);
  return value === null || !Number.isSafeInteger(n) || n < 0 ? null : n;
}

/** Marks the import failed for good; anything else (network, 5xx, a cut download) is retried by a resume. */
class ImportFailure extends Error {
  override name = 'ImportFailure';
}

function isPermanent(err: unknown): boolean {
  return err instanceof ImportFailure || err instanceof BulkFileError
    || (err instanceof AdminGraphqlError && (err.kind === 'user_errors' || err.kind === 'graphql'));
}

/** Our own wording or Shopify's error codes and messages; never file contents, which hold personal data. */
function describeImportError(err: unknown): string {
  if (err instanceof ImportFailure || err instanceof BulkFileError || err instanceof BulkDownloadError || err instanceof AdminGraphqlError) return err.message;
  return describeJobError(err);
}

function toProgress(row: ImportRow | undefined): ImportProgress {
  return row ? { status: row.status, importedCount: row.importedCount, objectCount: row.objectCount } : { status: 'failed', importedCount: 0, objectCount: null };
}

/** The admin's progress bar: the shop's latest order import, or null before the first one. */
export function orderImportProgress(db: Db, shopId: number): ImportProgress | null {
  return createImportQueries(db).progressOf(shopId);
}
