import type { Migration } from '../run-migrations.js';

/**
 * A profile's events other than views, in time order (server/db/profile-facts-queries.ts). Views are
 * 92 % of the events and reach the engine counted per session and day; its query for the remaining
 * events read every view row too, through events_profile_time, to throw it away. A partial index holds
 * the other 8 % only: ingestion pays one more index entry for 8 % of its events, and loading the facts
 * of a shop's 100,000 profiles reads 160,000 rows instead of 2,000,000 (0.85 → 0.45 s).
 */
export const profileFactsIndex: Migration = {
  id: 13,
  name: 'profile-facts-index',
  up(db) {
    db.exec(`CREATE INDEX events_profile_facts ON events(profile_id, occurred_at)
      WHERE name NOT IN ('Page_Viewed', 'Product_Viewed', 'Collection_Viewed', 'Search_Submitted');`);
  },
};
