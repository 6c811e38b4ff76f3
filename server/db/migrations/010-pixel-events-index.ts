import type { Migration } from '../run-migrations.js';

/**
 * "When did the web pixel last send something?" (the admin's tracking health) must not walk every
 * storefront event of the last 90 days when the answer is "never": a partial index over pixel events
 * only, which ingestion pays for only on checkout events (bench/admin.ts: 218 ms → one lookup).
 */
export const pixelEventsIndex: Migration = {
  id: 10,
  name: 'pixel-events-index',
  up(db) {
    db.exec(`CREATE INDEX events_pixel_time ON events(shop_id, occurred_at) WHERE source = 'pixel';`);
  },
};
