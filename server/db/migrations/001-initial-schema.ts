import type { Migration } from '../run-migrations.js';

/**
 * Shops, the event log, identity (profiles + identifiers) and ingestion counters.
 * Times are integer milliseconds since the epoch (UTC). Shopify ids are TEXT: they exceed 2^53.
 */
export const initialSchema: Migration = {
  id: 1,
  name: 'initial-schema',
  up(db) {
    db.exec(`
      CREATE TABLE shops (
        id INTEGER PRIMARY KEY,
        domain TEXT NOT NULL UNIQUE,
        -- Public key the storefront and pixel send with /collect; identifies, does not authorize admin access.
        ingest_key TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        uninstalled_at INTEGER
      );

      -- A shopper: every identifier that ever appeared together with another one (union-find).
      -- AUTOINCREMENT: an id merged away or redacted is never handed to a new shopper, whose segments,
      -- syncs and audit trail would otherwise inherit the old ones.
      CREATE TABLE profiles (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        customer_id TEXT,
        first_seen_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      -- One profile per Shopify customer: two customers are never merged (docs/identity.md).
      CREATE UNIQUE INDEX profiles_customer ON profiles(shop_id, customer_id) WHERE customer_id IS NOT NULL;
      CREATE INDEX profiles_shop_last_seen ON profiles(shop_id, last_seen_at);

      CREATE TABLE identifiers (
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('visitor', 'client', 'cart', 'checkout', 'customer', 'email')),
        value TEXT NOT NULL,
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        first_seen_at INTEGER NOT NULL,
        PRIMARY KEY (shop_id, kind, value)
      ) WITHOUT ROWID;
      CREATE INDEX identifiers_profile ON identifiers(profile_id);

      -- Audit trail of merges so a merchant or support can explain why two histories joined.
      CREATE TABLE profile_merges (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        winner_id INTEGER NOT NULL,
        loser_id INTEGER NOT NULL,
        via_kind TEXT NOT NULL,
        merged_at INTEGER NOT NULL
      );
      CREATE INDEX profile_merges_shop ON profile_merges(shop_id, merged_at);
      -- "Which profile did this merged-away id join?"
      CREATE INDEX profile_merges_loser ON profile_merges(loser_id);

      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        event_id TEXT NOT NULL,
        name TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        -- 1 when the client clock was more than 24 h away from ours; occurred_at then holds received_at.
        time_flagged INTEGER NOT NULL DEFAULT 0,
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        visitor_id TEXT,
        session_id TEXT,
        cart_token TEXT,
        checkout_token TEXT,
        device TEXT NOT NULL CHECK (device IN ('mobile', 'tablet', 'desktop', 'unknown')),
        os TEXT,
        browser TEXT,
        page_path TEXT,
        referrer_host TEXT,
        properties TEXT NOT NULL DEFAULT '{}',
        consent_marketing INTEGER,
        consent_sale_of_data INTEGER,
        gpc INTEGER NOT NULL DEFAULT 0,
        source TEXT NOT NULL
      );
      CREATE UNIQUE INDEX events_dedupe ON events(shop_id, event_id);
      CREATE INDEX events_profile_time ON events(profile_id, occurred_at);
      CREATE INDEX events_shop_time ON events(shop_id, occurred_at);

      -- Per shop and UTC day: accepted, duplicate, no_consent, bot, invalid, rate_limited.
      CREATE TABLE ingest_counters (
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        reason TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (shop_id, day, reason)
      ) WITHOUT ROWID;

      -- Event names rejected for their form (page_view, PageViewed...), for the taxonomy report.
      CREATE TABLE taxonomy_violations (
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        count INTEGER NOT NULL,
        first_seen_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        PRIMARY KEY (shop_id, name)
      ) WITHOUT ROWID;
    `);
  },
};
