import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config.js';
import type { Db } from '../db/open-database.js';
import { createShopSettingsQueries, type StoredShopSettings } from '../db/shop-settings-queries.js';
import { authOf } from '../auth/require-session-token.js';
import { badRequest } from '../errors.js';
import type { ShopSettings } from './admin-api-types.js';
import { describeIssue } from './segment-schemas.js';

export const DEFAULT_RETENTION_DAYS = 365;

const minutes = z.number().int().min(1).max(10_080);
export const PatchSettingsSchema = z.object({
  cartAbandonmentMinutes: minutes.optional(),
  checkoutAbandonmentMinutes: minutes.optional(),
  dataRetentionDays: z.number().int().min(30).max(1095).optional(),
}).strict().refine((body) => Object.keys(body).length > 0, 'give at least one setting to change');

/** The shop's settings with the app's defaults where it kept them (pure). */
export function resolveShopSettings(stored: StoredShopSettings, defaultWindowMs: number): ShopSettings {
  const defaultMinutes = Math.round(defaultWindowMs / 60_000);
  return {
    cartAbandonmentMinutes: stored.cartAbandonmentMinutes ?? defaultMinutes,
    checkoutAbandonmentMinutes: stored.checkoutAbandonmentMinutes ?? defaultMinutes,
    dataRetentionDays: stored.dataRetentionDays ?? DEFAULT_RETENTION_DAYS,
  };
}

/**
 * GET/PATCH /api/settings. A changed window reaches the engine through the settings' updated_at: its next
 * turn rebuilds the shop's context and queues every profile for recompute (create-shop-context-cache.ts).
 */
export function createSettingsRouter(deps: { db: Db; clock: Clock; config: Pick<AppConfig, 'segments'> }): Router {
  const settings = createShopSettingsQueries(deps.db);
  const router = Router();
  const current = (shopId: number) => resolveShopSettings(settings.get(shopId), deps.config.segments.abandonmentWindowMs);

  router.get('/settings', (_req, res) => {
    const { shop } = authOf(res.locals);
    res.set('Cache-Control', 'no-store').json(current(shop.id));
  });

  router.patch('/settings', (req, res) => {
    const { shop } = authOf(res.locals);
    const body = PatchSettingsSchema.safeParse(req.body);
    if (!body.success) throw badRequest('invalid_body', describeIssue(body.error));
    // updated_at is the engine's cue that something changed: it must move even within one millisecond.
    const previous = settings.get(shop.id).updatedAt;
    const now = deps.clock.now();
    settings.save(shop.id, body.data, previous !== null && previous >= now ? previous + 1 : now);
    res.set('Cache-Control', 'no-store').json(current(shop.id));
  });

  return router;
}
