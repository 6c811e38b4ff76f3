import type { SegmentEngineStateQueries } from '../../db/segment-engine-state-queries.js';
import type { SegmentQueries } from '../../db/segment-queries.js';
import type { ShopSettingsQueries } from '../../db/shop-settings-queries.js';
import type { Logger } from '../../logger.js';
import { buildShopSegmentContext, type ShopSegmentContext } from './shop-segment-context.js';

/**
 * The shop's parsed segments and settings, rebuilt only when a segment or a setting changed (version).
 * When the rebuilt context changes what traits depend on (abandonment windows) or when time alone can
 * move a membership, every profile of the shop is queued once to be computed for it. Call inside a transaction.
 */
export function createShopContextCache(deps: {
  segments: SegmentQueries; state: SegmentEngineStateQueries; settings: ShopSettingsQueries; logger: Logger; defaultWindowMs: number;
}) {
  const contexts = new Map<number, ShopSegmentContext>();
  return function contextFor(shopId: number): ShopSegmentContext {
    const settings = deps.settings.get(shopId);
    const version = `${deps.segments.version(shopId)}|${settings.updatedAt ?? ''}`;
    const cached = contexts.get(shopId);
    if (cached?.version === version) return cached;
    const windows = {
      cartWindowMs: settings.cartAbandonmentMinutes === null ? deps.defaultWindowMs : settings.cartAbandonmentMinutes * 60_000,
      checkoutWindowMs: settings.checkoutAbandonmentMinutes === null ? deps.defaultWindowMs : settings.checkoutAbandonmentMinutes * 60_000,
    };
    const context = buildShopSegmentContext(shopId, deps.state.shopDomain(shopId) ?? '', version, deps.segments.listActive(shopId), windows);
    contexts.set(shopId, context);
    if (deps.state.get(shopId).timeDependence !== context.recomputeKey) {
      const queued = deps.state.queueWholeShop(shopId);
      deps.state.setTimeDependence(shopId, context.recomputeKey);
      if (queued > 0) deps.logger.info('segment windows or settings changed: profiles queued for recompute', { shopId, profiles: queued });
    }
    return context;
  };
}
