import type { Migration } from '../run-migrations.js';

/**
 * Lets identity stitching find the highest profile id ever merged away, so a new profile never
 * takes the id of a deleted one (SQLite reuses max(rowid) + 1 after the top row is deleted, and a
 * reused id would hand a stranger the segments, syncs and audit trail of a merged shopper).
 * Also answers "which profile did this merged-away id join?".
 */
export const profileMergesLoserIndex: Migration = {
  id: 3,
  name: 'profile-merges-loser-index',
  up(db) {
    db.exec('CREATE INDEX profile_merges_loser ON profile_merges(loser_id)');
  },
};
