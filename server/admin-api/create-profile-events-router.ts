import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/open-database.js';
import { createProfileEventsQueries, type ProfileEventRow } from '../db/profile-events-queries.js';
import { authOf } from '../auth/require-session-token.js';
import { badRequest, notFound } from '../errors.js';
import type { ProfileEventsPage } from './admin-api-types.js';
import { describeIssue, IdSchema } from './segment-schemas.js';

// The cursor is `occurredAt:rowId` of the last event shown; clients pass it back untouched.
const EventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().regex(/^\d{1,15}:\d{1,15}$/, 'use the nextCursor of the previous page').optional(),
});

const toEvent = (row: ProfileEventRow): ProfileEventsPage['events'][number] => ({
  id: row.eventId, name: row.name, occurredAt: new Date(row.occurredAt).toISOString(), device: row.device, source: row.source,
  pagePath: row.pagePath, properties: JSON.parse(row.properties) as Record<string, unknown>,
});

/** GET /api/profiles/:id/events: a shopper's timeline, newest first. Events never hold an email (minimize-event.ts), so neither does this. */
export function createProfileEventsRouter(deps: { db: Db }): Router {
  const queries = createProfileEventsQueries(deps.db);
  const router = Router();

  router.get('/profiles/:id/events', (req, res) => {
    const { shop } = authOf(res.locals);
    const id = IdSchema.safeParse(req.params.id);
    if (!id.success || !queries.exists(shop.id, id.data)) throw notFound('profile_not_found', 'No shopper profile with this id in this shop.');
    const q = EventsQuery.safeParse(req.query);
    if (!q.success) throw badRequest('invalid_query', describeIssue(q.error));
    const before = q.data.before === undefined ? null : (([at, rowId]) => ({ occurredAt: Number(at), rowId: Number(rowId) }))(q.data.before.split(':'));
    const rows = queries.page(id.data, before, q.data.limit);
    const last = rows[rows.length - 1];
    const page: ProfileEventsPage = {
      events: rows.map(toEvent),
      nextCursor: rows.length === q.data.limit && last ? `${last.occurredAt}:${last.rowId}` : null,
    };
    res.set('Cache-Control', 'no-store').json(page);
  });

  return router;
}
