import type { SegmentEngineStateQueries } from '../../db/segment-engine-state-queries.js';
import type { SegmentQueries } from '../../db/segment-queries.js';
import type { Logger } from '../../logger.js';
import { buildShopSegmentContext, type ShopSegmentContext } from './shop-segment-context.js';

/**
 * The shop's parsed segments, rebuilt only when a segment changed (its version). When the rebuilt
 * segments change when time alone can move a membership, every profile of the shop is queued once so
 * that its recheck_at is computed for the new queries. Call inside a transaction.
 */
export function createShopContextCache(deps: { segments: SegmentQueries; state: SegmentEngineStateQueries; logger: Logger }) {
  const contexts = new Map<number, ShopSegmentContext>();
  return function contextFor(shopId: number): ShopSegmentContext {
    const version = deps.segments.version(shopId);
    const cached = contexts.get(shopId);
    if (cached?.version === version) return cached;
    const context = buildShopSegmentContext(shopId, deps.state.shopDomain(shopId) ?? '', version, deps.segments.listActive(shopId));
    contexts.set(shopId, context);
    if (deps.state.get(shopId).timeDependence !== context.timeDependenceKey) {
      const queued = deps.state.queueWholeShop(shopId);
      deps.state.setTimeDependence(shopId, context.timeDependenceKey);
      if (queued > 0) deps.logger.info('segment windows changed: profiles queued for recompute', { shopId, profiles: queued });
    }
    return context;
  };
}
