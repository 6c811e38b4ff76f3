import type { Migration } from '../run-migrations.js';

/**
 * Webhook deliveries (for deduplication) and the durable job table their work runs from, so a crash
 * after `POST /webhooks` answered 200 loses nothing (docs: server/webhooks/create-webhook-runner.ts).
 */
export const webhookJobs: Migration = {
  id: 2,
  name: 'webhook-jobs',
  up(db) {
    db.exec(`
      -- One row per Shopify event: X-Shopify-Event-Id (fallback X-Shopify-Webhook-Id) is stable across
      -- Shopify's retries, so a second delivery finds its row and adds nothing. No payload, no personal data.
      CREATE TABLE webhook_deliveries (
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        event_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        triggered_at INTEGER,
        received_at INTEGER NOT NULL,
        webhook_id TEXT,
        api_version TEXT,
        PRIMARY KEY (shop_id, event_id)
      ) WITHOUT ROWID;
      CREATE INDEX webhook_deliveries_received ON webhook_deliveries(received_at);

      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('webhook')),
        topic TEXT NOT NULL,
        -- The raw JSON body as Shopify sent it (ids above 2^53 keep their digits). Set to NULL when the
        -- job is done, so personal data lives here only while the work is pending or failed.
        payload TEXT,
        event_id TEXT NOT NULL,
        triggered_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        -- Counted when a run starts (not when it ends), so a job that kills the process every time still
        -- reaches the cap instead of looping forever.
        attempts INTEGER NOT NULL DEFAULT 0,
        run_after INTEGER NOT NULL,
        -- Error class and code only, never a message that could quote payload contents.
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- The runner's pick query: queued jobs whose run_after has passed, oldest first.
      CREATE INDEX jobs_due ON jobs(run_after, id) WHERE status = 'queued';
      CREATE INDEX jobs_status_updated ON jobs(status, updated_at);
      CREATE INDEX jobs_shop ON jobs(shop_id);
    `);
  },
};
