import type { Migration } from '../run-migrations.js';

/**
 * Destinations (docs/destinations.md): where linked segments are synced (Klaviyo, Mailchimp, Shopify
 * customer tags, a signed webhook), what each remote holds for each member, the outbox of operations a
 * run still owes the remote, the runs themselves, and addresses a remote reported as undeliverable.
 *
 * No email is stored here: members are keyed by profile id and materialized from `identifiers` at send
 * time, so one redaction of the identity tables removes every address. Suppressions keep a SHA-256 of
 * the normalized address, which is what the remote reported, never the address itself.
 */
export const destinations: Migration = {
  id: 11,
  name: 'destinations',
  up(db) {
    db.exec(`
      CREATE TABLE destinations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('klaviyo', 'mailchimp', 'shopify_tags', 'webhook')),
        name TEXT NOT NULL,
        -- Non-secret settings as JSON, checked by the kind's zod schema (audience id, webhook URL...).
        settings TEXT NOT NULL DEFAULT '{}',
        -- API key or signing secret sealed with AES-256-GCM (server/auth/create-token-cipher.ts); never returned.
        credentials_sealed TEXT,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
        -- credentials_rejected (a 401/403 paused it) or merchant; with the remote's message for the admin.
        paused_reason TEXT,
        paused_message TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (shop_id, name)
      );

      CREATE TABLE destination_links (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        destination_id INTEGER NOT NULL REFERENCES destinations(id) ON DELETE CASCADE,
        segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        -- The Klaviyo list id, the Mailchimp or Shopify tag; NULL until the first run creates or finds it.
        remote_ref TEXT,
        created_at INTEGER NOT NULL,
        UNIQUE (destination_id, segment_id)
      );
      CREATE INDEX destination_links_segment ON destination_links(segment_id);

      -- What the remote holds for each member, as of the last successful operation: the next run sends
      -- only the difference. entered_at is the membership this row was synced for (event unique ids).
      CREATE TABLE destination_members (
        link_id INTEGER NOT NULL REFERENCES destination_links(id) ON DELETE CASCADE,
        profile_id INTEGER NOT NULL,
        remote_id TEXT,
        props_hash TEXT NOT NULL,
        entered_at INTEGER NOT NULL,
        synced_at INTEGER NOT NULL,
        PRIMARY KEY (link_id, profile_id)
      ) WITHOUT ROWID;
      CREATE INDEX destination_members_profile ON destination_members(profile_id);

      CREATE TABLE sync_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        destination_id INTEGER NOT NULL REFERENCES destinations(id) ON DELETE CASCADE,
        -- manual (the merchant or the API), membership (debounced after changes), schedule.
        trigger TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'partial', 'failed', 'paused')),
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        -- A running run whose lease passed was left by a dead process: the next process resumes it.
        lease_until INTEGER,
        total INTEGER NOT NULL DEFAULT 0,
        done INTEGER NOT NULL DEFAULT 0,
        added INTEGER NOT NULL DEFAULT 0,
        removed INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        -- JSON {reason: count}: shoppers left out by the consent gate and email hygiene.
        excluded TEXT NOT NULL DEFAULT '{}',
        -- JSON {reason: count}: shown to the merchant, never acted on (typo hints).
        hints TEXT NOT NULL DEFAULT '{}',
        error_code TEXT,
        error_message TEXT
      );
      CREATE INDEX sync_runs_destination ON sync_runs(destination_id, id);

      -- One row per operation a run owes a remote. At most one pending operation per member and link:
      -- a newer plan replaces it. dead = an error that must not be retried (kept for the merchant).
      CREATE TABLE sync_outbox (
        id INTEGER PRIMARY KEY,
        destination_id INTEGER NOT NULL REFERENCES destinations(id) ON DELETE CASCADE,
        link_id INTEGER NOT NULL REFERENCES destination_links(id) ON DELETE CASCADE,
        run_id INTEGER REFERENCES sync_runs(id) ON DELETE SET NULL,
        profile_id INTEGER NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('add', 'update', 'remove')),
        props_hash TEXT,
        entered_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_status INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX sync_outbox_pending ON sync_outbox(link_id, profile_id) WHERE status = 'pending';
      CREATE INDEX sync_outbox_due ON sync_outbox(destination_id, next_attempt_at) WHERE status = 'pending';
      CREATE INDEX sync_outbox_run ON sync_outbox(run_id);
      CREATE INDEX sync_outbox_profile ON sync_outbox(profile_id);

      -- Addresses a remote reported as bounced, cleaned, forgotten or in a compliance state: never sent
      -- to that destination again. email_sha256 = SHA-256 hex of the trimmed, lower-cased address.
      CREATE TABLE email_suppressions (
        destination_id INTEGER NOT NULL REFERENCES destinations(id) ON DELETE CASCADE,
        email_sha256 TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('bounced', 'cleaned', 'forgotten', 'compliance', 'invalid')),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (destination_id, email_sha256)
      ) WITHOUT ROWID;
    `);
  },
};
