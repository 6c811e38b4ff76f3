import type { Clock } from '../clock.js';
import type { Funnel, StoreMetrics } from './admin-api-types.js';
import { createStoreMetricsQueries } from '../db/store-metrics-queries.js';
import type { Db } from '../db/open-database.js';
import { buildStoreMetrics } from '../analytics/build-store-metrics.js';
import { buildFunnel } from '../analytics/build-funnel.js';

const TTL_MS = 60_000;
const MAX_ENTRIES = 1000;

export interface StoreFigures {
  metrics: StoreMetrics;
  funnel: Funnel;
}

/**
 * A shop's store metrics and funnel over the last `days` days, kept 60 s per shop and window: they scan
 * a month of events, and Home, its refreshes and the metrics routes all ask for the same figures.
 */
export function createStoreFigures(deps: { db: Db; clock: Clock }) {
  const queries = createStoreMetricsQueries(deps.db);
  const cache = new Map<string, { at: number; figures: StoreFigures }>();
  return function storeFigures(shopId: number, days: number): StoreFigures {
    const now = deps.clock.now();
    const key = `${shopId}:${days}`;
    const hit = cache.get(key);
    if (hit && now - hit.at < TTL_MS && now >= hit.at) return hit.figures;
    const since = now - days * 86_400_000;
    const sessions = queries.sessionStats(shopId, since);
    const figures = {
      metrics: buildStoreMetrics({ days, now, sessions, recovery: queries.checkoutRecovery(shopId, since) }),
      funnel: buildFunnel(days, sessions),
    };
    cache.delete(key);
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, { at: now, figures });
    return figures;
  };
}
