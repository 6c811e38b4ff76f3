import type { Migration } from '../run-migrations.js';

/**
 * Whether the storefront tracker's theme app embed is switched on in the shop's live theme, as last
 * read from the theme's config/settings_data.json after an install (server/shopify/read-app-embed-status.ts).
 * NULL = not checked yet. The deep link that activates it is derived from the shop and API key, not stored.
 */
export const appEmbedStatus: Migration = {
  id: 6,
  name: 'app-embed-status',
  up(db) {
    db.exec(`
      ALTER TABLE shops ADD COLUMN app_embed_active INTEGER CHECK (app_embed_active IN (0, 1));
      ALTER TABLE shops ADD COLUMN app_embed_theme TEXT;
      ALTER TABLE shops ADD COLUMN app_embed_checked_at INTEGER;
    `);
  },
};
