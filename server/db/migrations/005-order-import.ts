import type { Migration } from '../run-migrations.js';

/**
 * Order-history imports (server/shopify/import-order-history.ts): one row per bulk export, with the
 * progress the admin shows and the point a restarted process resumes from. No personal data: `url`
 * (a signed link to the JSONL, which holds customers' emails) is cleared once the import ends, and
 * `error` carries Shopify's error code or our own wording, never file contents.
 */
export const orderImport: Migration = {
  id: 5,
  name: 'order-import',
  up(db) {
    db.exec(`
      CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('orders')),
        -- pending: not yet asked of Shopify; running: the bulk operation runs; downloading: its JSONL is
        -- being read; done / failed: finished.
        status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'downloading', 'done', 'failed')),
        bulk_operation_id TEXT,
        -- Orders created at or after this instant (ms) are imported.
        since INTEGER NOT NULL,
        -- Shopify's objectCount: orders and their line items (the JSONL's line count).
        object_count INTEGER,
        imported_count INTEGER NOT NULL DEFAULT 0,
        -- JSONL lines whose orders are committed: a resumed download skips them.
        lines_done INTEGER NOT NULL DEFAULT 0,
        url TEXT,
        error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX imports_shop ON imports(shop_id, kind, id);
      CREATE INDEX imports_unfinished ON imports(status) WHERE status IN ('pending', 'running', 'downloading');
    `);
  },
};
