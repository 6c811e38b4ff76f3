import type { Db } from '../db/open-database.js';
import { createRetentionQueries } from '../db/retention-queries.js';

const DAY_MS = 86_400_000;
/** Events deleted per transaction: short write locks, so ingestion never waits long behind retention. */
export const RETENTION_BATCH = 5000;

export interface RetentionResult {
  shopId: number;
  cutoff: number;
  deleted: number;
}

/**
 * Deletes every shop's events older than its retention (docs/compliance.md#retention), batch by batch;
 * the profiles they belonged to are queued, so the segment engine recomputes their traits without them.
 */
export function runRetention(deps: { db: Db; defaultDays: number; batchSize?: number }, now: number): RetentionResult[] {
  const queries = createRetentionQueries(deps.db);
  const batchSize = deps.batchSize ?? RETENTION_BATCH;
  const results: RetentionResult[] = [];
  for (const { shopId, retentionDays } of queries.shops()) {
    const cutoff = now - (retentionDays ?? deps.defaultDays) * DAY_MS;
    let deleted = 0;
    for (let n = batchSize; n === batchSize;) {
      n = queries.deleteBatch(shopId, cutoff, batchSize);
      deleted += n;
    }
    if (deleted > 0) results.push({ shopId, cutoff, deleted });
  }
  return results;
}
