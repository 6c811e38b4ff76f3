import type { Migration } from '../run-migrations.js';

/**
 * Shopify sessions in the shape of @shopify/shopify-api's Session (offline `offline_<shop>`, online
 * `<shop>_<userId>`). Tokens are stored only encrypted (server/auth/create-token-cipher.ts).
 * No foreign key to shops: a session is written before the shop row may exist (install), and
 * app/uninstalled deletes sessions while keeping the shop until shop/redact.
 */
export const sessions: Migration = {
  id: 4,
  name: 'sessions',
  up(db) {
    db.exec(`
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        shop TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT '',
        is_online INTEGER NOT NULL CHECK (is_online IN (0, 1)),
        scope TEXT,
        -- ms since the epoch; NULL = the token does not expire
        expires_at INTEGER,
        access_token_encrypted TEXT,
        refresh_token_encrypted TEXT,
        refresh_token_expires_at INTEGER,
        -- online sessions only: Shopify's associated_user and friends, as JSON
        online_access_info TEXT,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_shop ON sessions(shop);
    `);
  },
};
