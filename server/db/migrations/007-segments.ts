import type { Migration } from '../run-migrations.js';

/**
 * The segmentation engine (docs/segments.md): one row of traits per profile, segments, their live
 * memberships with an entry/exit log and a daily size history, and the queue of profiles whose traits
 * and memberships must be recomputed.
 *
 * Triggers fill the queue: every write that can change what a profile's segments see (an event, a move
 * of events by a merge, an order, a checkout, a customer record, a deleted profile) marks the profile, so
 * no write path can forget to. The engine drains the queue (server/segments/live/).
 * The triggers test NOT EXISTS rather than INSERT OR IGNORE: an outer statement's own conflict clause
 * (an upsert, INSERT OR REPLACE) would override the trigger's OR IGNORE and fail on a duplicate.
 */
export const segments: Migration = {
  id: 7,
  name: 'segments',
  up(db) {
    db.exec(`
      -- Column names are the segment language's attribute names where one exists (dates end in _at here,
      -- _date in the language). Enum values are stored as the language writes them (upper case).
      -- No email here: it stays in identifiers so that one redaction of the identity tables removes it.
      CREATE TABLE profile_traits (
        profile_id INTEGER PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        customer_id TEXT,
        first_seen_at INTEGER,
        last_seen_at INTEGER,
        sessions INTEGER NOT NULL DEFAULT 0,
        product_views INTEGER NOT NULL DEFAULT 0,
        cart_adds INTEGER NOT NULL DEFAULT 0,
        last_cart_activity_at INTEGER,
        cart_abandoned_at INTEGER,
        cart_abandoned_value REAL,
        cart_abandoned_items INTEGER,
        cart_abandoned_device TEXT,
        cart_recovery_url TEXT,
        checkout_abandoned_at INTEGER,
        checkout_abandoned_value REAL,
        checkout_abandoned_items INTEGER,
        -- Carries the checkout's secret key (see checkouts.abandoned_checkout_url): never logged.
        checkout_recovery_url TEXT,
        number_of_orders INTEGER NOT NULL DEFAULT 0,
        amount_spent REAL NOT NULL DEFAULT 0,
        average_order_value REAL,
        first_order_at INTEGER,
        last_order_at INTEGER,
        mean_days_between_orders REAL,
        primary_device TEXT NOT NULL DEFAULT 'UNKNOWN',
        device_mix TEXT NOT NULL DEFAULT '{}',
        devices_used INTEGER NOT NULL DEFAULT 0,
        funnel_stage TEXT NOT NULL DEFAULT 'BROWSING',
        engagement_depth REAL NOT NULL DEFAULT 0,
        friction_score INTEGER NOT NULL DEFAULT 0,
        email_subscription_status TEXT,
        customer_tags TEXT NOT NULL DEFAULT '[]',
        -- The same tags lower-cased by JavaScript (Unicode-aware, unlike SQLite's lower()), for CONTAINS.
        customer_tags_folded TEXT NOT NULL DEFAULT '[]',
        rfm_recency_days INTEGER,
        rfm_recency_score INTEGER,
        rfm_frequency_score INTEGER,
        rfm_monetary_score INTEGER,
        rfm_group TEXT NOT NULL DEFAULT 'PROSPECTS',
        -- The earliest time at which the passing of time alone can change a trait or a membership.
        recheck_at INTEGER,
        computed_at INTEGER NOT NULL
      );
      CREATE INDEX profile_traits_shop ON profile_traits(shop_id);
      CREATE INDEX profile_traits_recheck ON profile_traits(recheck_at) WHERE recheck_at IS NOT NULL;

      CREATE TABLE segments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        template_key TEXT,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        query TEXT NOT NULL,
        kpi TEXT NOT NULL,
        activation_channel TEXT NOT NULL,
        activation_plan TEXT NOT NULL DEFAULT '',
        refresh_policy TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
        member_count INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        -- Last time every member was re-evaluated (full recompute); live updates keep it current in between.
        refreshed_at INTEGER,
        UNIQUE (shop_id, name)
      );

      -- No foreign key to profiles: a merged-away or deleted profile must still be found here so that
      -- its exit is logged (redaction deletes these rows explicitly, compliance-queries.ts).
      CREATE TABLE segment_members (
        segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        profile_id INTEGER NOT NULL,
        entered_at INTEGER NOT NULL,
        PRIMARY KEY (segment_id, profile_id)
      ) WITHOUT ROWID;
      CREATE INDEX segment_members_profile ON segment_members(profile_id);
      -- member_count follows every insert and delete, whoever makes it (the engine, a redaction).
      CREATE TRIGGER segment_members_count_insert AFTER INSERT ON segment_members BEGIN
        UPDATE segments SET member_count = member_count + 1 WHERE id = NEW.segment_id;
      END;
      CREATE TRIGGER segment_members_count_delete AFTER DELETE ON segment_members BEGIN
        UPDATE segments SET member_count = member_count - 1 WHERE id = OLD.segment_id;
      END;

      CREATE TABLE segment_membership_log (
        id INTEGER PRIMARY KEY,
        segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        profile_id INTEGER NOT NULL,
        change TEXT NOT NULL CHECK (change IN ('enter', 'exit')),
        at INTEGER NOT NULL,
        -- live (an event, order or record changed the profile), time (a window passed), merge, recompute.
        reason TEXT NOT NULL
      );
      CREATE INDEX segment_membership_log_segment ON segment_membership_log(segment_id, at);
      CREATE INDEX segment_membership_log_profile ON segment_membership_log(profile_id);

      CREATE TABLE segment_size_history (
        segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        size INTEGER NOT NULL,
        entered INTEGER NOT NULL DEFAULT 0,
        exited INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (segment_id, day)
      ) WITHOUT ROWID;

      -- Per shop: when RFM was last scored, and the time dependence (JSON) every profile's recheck_at was
      -- computed for: when the shop's segments change it, every profile is queued once to recompute it.
      CREATE TABLE segment_engine_state (
        shop_id INTEGER PRIMARY KEY REFERENCES shops(id) ON DELETE CASCADE,
        rfm_scored_at INTEGER,
        time_dependence TEXT
      );

      CREATE TABLE segment_dirty_profiles (
        profile_id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL
      );

      CREATE TRIGGER events_mark_dirty AFTER INSERT ON events BEGIN
        INSERT INTO segment_dirty_profiles (profile_id, shop_id) SELECT NEW.profile_id, NEW.shop_id WHERE NOT EXISTS (SELECT 1 FROM segment_dirty_profiles WHERE profile_id = NEW.profile_id);
      END;
      CREATE TRIGGER events_move_mark_dirty AFTER UPDATE OF profile_id ON events WHEN OLD.profile_id <> NEW.profile_id BEGIN
        INSERT INTO segment_dirty_profiles (profile_id, shop_id) SELECT NEW.profile_id, NEW.shop_id WHERE NOT EXISTS (SELECT 1 FROM segment_dirty_profiles WHERE profile_id = NEW.profile_id);
      END;
      -- Only a profile that was in a segment has anything left to do (its exits); redaction deletes the
      -- memberships first, so it leaves nothing queued behind.
      CREATE TRIGGER profiles_delete_mark_dirty AFTER DELETE ON profiles
        WHEN EXISTS (SELECT 1 FROM segment_members WHERE profile_id = OLD.id) BEGIN
        INSERT INTO segment_dirty_profiles (profile_id, shop_id) SELECT OLD.id, OLD.shop_id WHERE NOT EXISTS (SELECT 1 FROM segment_dirty_profiles WHERE profile_id = OLD.id);
      END;
      CREATE TRIGGER profiles_customer_mark_dirty AFTER UPDATE OF customer_id ON profiles BEGIN
        INSERT INTO segment_dirty_profiles (profile_id, shop_id) SELECT NEW.id, NEW.shop_id WHERE NOT EXISTS (SELECT 1 FROM segment_dirty_profiles WHERE profile_id = NEW.id);
      END;
    `);
    for (const table of ['orders', 'checkouts', 'customers']) {
      db.exec(`
        CREATE TRIGGER ${table}_insert_mark_dirty AFTER INSERT ON ${table} WHEN NEW.profile_id IS NOT NULL BEGIN
          INSERT INTO segment_dirty_profiles (profile_id, shop_id) SELECT NEW.profile_id, NEW.shop_id WHERE NOT EXISTS (SELECT 1 FROM segment_dirty_profiles WHERE profile_id = NEW.profile_id);
        END;
        CREATE TRIGGER ${table}_update_mark_dirty AFTER UPDATE ON ${table} BEGIN
          INSERT INTO segment_dirty_profiles (profile_id, shop_id) SELECT NEW.profile_id, NEW.shop_id
            WHERE NEW.profile_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM segment_dirty_profiles WHERE profile_id = NEW.profile_id);
          INSERT INTO segment_dirty_profiles (profile_id, shop_id) SELECT OLD.profile_id, OLD.shop_id
            WHERE OLD.profile_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM segment_dirty_profiles WHERE profile_id = OLD.profile_id);
        END;
      `);
    }
  },
};
