import type { Db } from './open-database.js';

export type ImportStatus = 'pending' | 'running' | 'downloading' | 'done' | 'failed';

export interface ImportRow {
  id: number;
  shopId: number;
  kind: 'orders';
  status: ImportStatus;
  bulkOperationId: string | null;
  since: number;
  objectCount: number | null;
  importedCount: number;
  linesDone: number;
  url: string | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

/** What the admin's progress bar needs. */
export interface ImportProgress {
  status: ImportStatus;
  importedCount: number;
  objectCount: number | null;
}

export interface ImportQueries {
  create(shopId: number, since: number, now: number): ImportRow;
  get(id: number): ImportRow | undefined;
  /** The shop's most recent order import. */
  latestOfShop(shopId: number): ImportRow | undefined;
  byBulkOperation(shopId: number, bulkOperationId: string): ImportRow | undefined;
  /** Imports a restart must pick up again, of shops still installed, oldest first. */
  unfinished(): ImportRow[];
  markRunning(id: number, bulkOperationId: string, now: number): void;
  markDownloading(id: number, url: string, objectCount: number | null, now: number): void;
  /** Called inside the transaction that stored the orders up to `linesDone`. */
  recordProgress(id: number, linesDone: number, importedCount: number, now: number): void;
  /** Keeps the status (a resume retries); the error says why the last attempt stopped. */
  recordError(id: number, error: string, now: number): void;
  markDone(id: number, now: number): void;
  /** Failed for good; a no-op on an import already done or failed. */
  markFailed(id: number, error: string, now: number): void;
  progressOf(shopId: number): ImportProgress | null;
}

const COLUMNS = `id, shop_id AS shopId, kind, status, bulk_operation_id AS bulkOperationId, since, object_count AS objectCount,
  imported_count AS importedCount, lines_done AS linesDone, url, error, created_at AS createdAt, updated_at AS updatedAt`;

export function createImportQueries(db: Db): ImportQueries {
  const insert = db.prepare(`INSERT INTO imports (shop_id, kind, status, since, created_at, updated_at)
    VALUES (?, 'orders', 'pending', ?, ?, ?) RETURNING ${COLUMNS}`);
  const get = db.prepare(`SELECT ${COLUMNS} FROM imports WHERE id = ?`);
  const latest = db.prepare(`SELECT ${COLUMNS} FROM imports WHERE shop_id = ? AND kind = 'orders' ORDER BY id DESC LIMIT 1`);
  const byOperation = db.prepare(`SELECT ${COLUMNS} FROM imports WHERE shop_id = ? AND bulk_operation_id = ? ORDER BY id DESC LIMIT 1`);
  const unfinished = db.prepare(`SELECT ${COLUMNS} FROM imports WHERE status IN ('pending', 'running', 'downloading')
    AND shop_id IN (SELECT id FROM shops WHERE uninstalled_at IS NULL) ORDER BY id`);
  const running = db.prepare("UPDATE imports SET status = 'running', bulk_operation_id = ?, error = NULL, updated_at = ? WHERE id = ?");
  const downloading = db.prepare("UPDATE imports SET status = 'downloading', url = ?, object_count = ?, updated_at = ? WHERE id = ?");
  const progress = db.prepare('UPDATE imports SET lines_done = ?, imported_count = ?, error = NULL, updated_at = ? WHERE id = ?');
  const error = db.prepare('UPDATE imports SET error = ?, updated_at = ? WHERE id = ?');
  const done = db.prepare("UPDATE imports SET status = 'done', url = NULL, error = NULL, updated_at = ? WHERE id = ? AND status != 'failed'");
  const failed = db.prepare(`UPDATE imports SET status = 'failed', url = NULL, error = ?, updated_at = ?
    WHERE id = ? AND status NOT IN ('done', 'failed')`);
  return {
    create: (shopId, since, now) => insert.get(shopId, since, now, now) as ImportRow,
    get: (id) => get.get(id) as ImportRow | undefined,
    latestOfShop: (shopId) => latest.get(shopId) as ImportRow | undefined,
    byBulkOperation: (shopId, bulkOperationId) => byOperation.get(shopId, bulkOperationId) as ImportRow | undefined,
    unfinished: () => unfinished.all() as ImportRow[],
    markRunning: (id, bulkOperationId, now) => { running.run(bulkOperationId, now, id); },
    markDownloading: (id, url, objectCount, now) => { downloading.run(url, objectCount, now, id); },
    recordProgress: (id, linesDone, importedCount, now) => { progress.run(linesDone, importedCount, now, id); },
    recordError: (id, message, now) => { error.run(message.slice(0, 500), now, id); },
    markDone: (id, now) => { done.run(now, id); },
    markFailed: (id, message, now) => { failed.run(message.slice(0, 500), now, id); },
    progressOf(shopId) {
      const row = latest.get(shopId) as ImportRow | undefined;
      return row ? { status: row.status, importedCount: row.importedCount, objectCount: row.objectCount } : null;
    },
  };
}
