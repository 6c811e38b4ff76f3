import type { Migration } from '../run-migrations.js';

/**
 * What Shopify's webhooks tell us about orders, checkouts and customers, and the record of compliance
 * requests. Emails are never stored here: they live only in `identifiers` (docs/identity.md), so one
 * redaction of the identity tables removes them. `profile_id` is the profile when the row was last
 * written; a later merge may have moved it (follow profile_merges, identity-queries currentProfileId),
 * which is why it has no foreign key. `updated_at` is Shopify's and decides whether a payload is newer.
 */
export const shopifyRecords: Migration = {
  id: 3,
  name: 'shopify-records',
  up(db) {
    db.exec(`
      CREATE TABLE orders (
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        order_id TEXT NOT NULL,
        profile_id INTEGER,
        customer_id TEXT,
        name TEXT,
        order_number INTEGER,
        currency TEXT,
        total REAL,
        subtotal REAL,
        item_count INTEGER NOT NULL DEFAULT 0,
        -- [{productId, variantId, title, quantity, price}], at most 50: no names, addresses or line properties.
        line_items TEXT NOT NULL DEFAULT '[]',
        source_name TEXT,
        -- From client_details.user_agent, reduced like storefront events; the IP is never read.
        device TEXT NOT NULL DEFAULT 'unknown' CHECK (device IN ('mobile', 'tablet', 'desktop', 'unknown')),
        os TEXT,
        browser TEXT,
        cart_token TEXT,
        checkout_token TEXT,
        financial_status TEXT,
        cancel_reason TEXT,
        test INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        cancelled_at INTEGER,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (shop_id, order_id)
      ) WITHOUT ROWID;
      CREATE INDEX orders_customer ON orders(shop_id, customer_id) WHERE customer_id IS NOT NULL;
      CREATE INDEX orders_profile ON orders(profile_id);

      CREATE TABLE checkouts (
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        token TEXT NOT NULL,
        profile_id INTEGER,
        customer_id TEXT,
        cart_token TEXT,
        currency TEXT,
        total REAL,
        subtotal REAL,
        line_count INTEGER NOT NULL DEFAULT 0,
        item_count INTEGER NOT NULL DEFAULT 0,
        line_items TEXT NOT NULL DEFAULT '[]',
        -- Carries the checkout's secret ?key=: recovery emails need it, so never log it or show it outside the admin.
        abandoned_checkout_url TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        completed_at INTEGER,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (shop_id, token)
      ) WITHOUT ROWID;
      CREATE INDEX checkouts_customer ON checkouts(shop_id, customer_id) WHERE customer_id IS NOT NULL;
      CREATE INDEX checkouts_profile ON checkouts(profile_id);
      CREATE INDEX checkouts_open ON checkouts(shop_id, updated_at) WHERE completed_at IS NULL;

      CREATE TABLE customers (
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        customer_id TEXT NOT NULL,
        profile_id INTEGER,
        -- subscribed, not_subscribed, pending, unsubscribed, redacted, invalid (Shopify's, lower-cased).
        email_consent_state TEXT,
        email_consent_opt_in_level TEXT,
        -- Decides alone whether a consent payload is newer: consent has its own clock.
        email_consent_updated_at INTEGER,
        -- Fields the 2024-10 payload still carries (the slim 2025-01+ payload keeps what we had).
        tags TEXT,
        orders_count INTEGER,
        total_spent REAL,
        updated_at INTEGER,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (shop_id, customer_id)
      ) WITHOUT ROWID;
      CREATE INDEX customers_profile ON customers(profile_id);

      -- One row per compliance webhook: what was asked and what was done (counts only, no personal data).
      -- Keyed by the shop's domain, not shops.id, so the record of a shop/redact outlives the shop.
      CREATE TABLE compliance_requests (
        id INTEGER PRIMARY KEY,
        shop_domain TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('customers/data_request', 'customers/redact', 'shop/redact')),
        -- X-Shopify-Event-Id: a redelivered request is recognized and not done twice.
        webhook_event_id TEXT NOT NULL,
        -- data_request.id from the payload (Shopify's reference for the merchant), else null.
        shopify_request_id TEXT,
        requested_at INTEGER NOT NULL,
        completed_at INTEGER NOT NULL,
        counts TEXT NOT NULL DEFAULT '{}',
        UNIQUE (shop_domain, webhook_event_id)
      );

      -- The export a data request produced, for the merchant to download and hand to the customer.
      -- Deleted by customers/redact of the same customer and by shop/redact.
      CREATE TABLE compliance_exports (
        request_id INTEGER PRIMARY KEY REFERENCES compliance_requests(id) ON DELETE CASCADE,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        customer_id TEXT NOT NULL,
        export TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX compliance_exports_customer ON compliance_exports(shop_id, customer_id);
    `);
  },
};
