import { Router } from 'express';
import { authOf } from '../auth/require-session-token.js';
import { AppError } from '../errors.js';
import type { BackgroundRecompute } from '../segments/live/create-background-recompute.js';

/** POST /api/segments/recompute (202) and GET /api/segments/recompute: a full recompute of the shop, with progress. */
export function createRecomputeRouter(deps: { recompute: BackgroundRecompute }): Router {
  const router = Router();

  router.get('/segments/recompute', (_req, res) => {
    const { shop } = authOf(res.locals);
    res.set('Cache-Control', 'no-store').json(deps.recompute.status(shop.id));
  });

  router.post('/segments/recompute', (_req, res) => {
    const { shop } = authOf(res.locals);
    if (!deps.recompute.start(shop.id)) {
      throw new AppError(409, 'recompute_running', 'A full recompute of this shop is already running. Follow its progress with GET /api/segments/recompute.');
    }
    res.status(202).set('Cache-Control', 'no-store').json(deps.recompute.status(shop.id));
  });

  return router;
}
