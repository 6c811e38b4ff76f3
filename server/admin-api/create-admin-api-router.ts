import { Router } from 'express';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';

// PLACEHOLDER (being replaced by the admin work). Mounted under /api behind session-token auth.
export function createAdminApiRouter(_deps: { db: Db; clock: Clock }): Router {
  return Router();
}
