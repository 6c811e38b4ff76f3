import type { Migration } from '../run-migrations.js';

/**
 * What a merchant sets in the admin's Settings page. NULL = the app's default (config), so a changed
 * default reaches every shop that never chose its own value.
 */
export const shopSettings: Migration = {
  id: 9,
  name: 'shop-settings',
  up(db) {
    db.exec(`
      CREATE TABLE shop_settings (
        shop_id INTEGER PRIMARY KEY REFERENCES shops(id) ON DELETE CASCADE,
        cart_abandonment_minutes INTEGER,
        checkout_abandonment_minutes INTEGER,
        data_retention_days INTEGER,
        updated_at INTEGER NOT NULL
      );
    `);
  },
};
