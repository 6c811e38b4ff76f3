import { Router, type Request } from 'express';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config.js';
import type { Db } from '../db/open-database.js';
import { createDestinationQueries, type DestinationRow } from '../db/destination-queries.js';
import { createSegmentQueries } from '../db/segment-queries.js';
import { authOf } from '../auth/require-session-token.js';
import { createTokenCipher } from '../auth/create-token-cipher.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { describeIssue, IdSchema } from './segment-schemas.js';
import type { DestinationSyncPort } from './destinations/destination-sync-port.js';
import { CreateDestinationSchema, DESTINATION_KINDS, LinkSchema, PatchDestinationSchema, RunsQuerySchema } from './destinations/destination-schemas.js';
import { fieldIssues, invalidBody, type FieldIssue } from './destinations/invalid-body.js';
import { parseCredentials, parseSettings } from './destinations/parse-destination-input.js';
import { planDestinationPatch } from './destinations/plan-destination-patch.js';
import {
  serializeDestination, serializeLink, serializeSegmentDestination, serializeSyncRun,
} from './destinations/serialize-destination.js';

/** A bound on what one shop can ask the sync engine to keep in step. */
export const MAX_DESTINATIONS_PER_SHOP = 20;

export interface DestinationRouterDeps {
  db: Db;
  clock: Clock;
  config: Pick<AppConfig, 'encryptionKey'>;
  destinations: DestinationSyncPort;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * /api/destinations, /api/sync-runs/:id and /api/segments/:id/destinations (docs/api.md#destinations).
 * Every read and write is for the token's shop only; credentials go in sealed and never come out.
 */
export function createDestinationRouter(deps: DestinationRouterDeps): Router {
  const destinations = createDestinationQueries(deps.db);
  const segments = createSegmentQueries(deps.db);
  const cipher = createTokenCipher(deps.config.encryptionKey);
  const seal = (credentials: Record<string, unknown>) => cipher.encrypt(JSON.stringify(credentials));
  const router = Router();

  const view = (row: DestinationRow) => serializeDestination(row, destinations.linksOf(row.id), destinations.latestRun(row.id));

  const destinationOf = (req: Request, shopId: number) => {
    const id = IdSchema.safeParse(req.params.id);
    const row = id.success ? destinations.get(shopId, id.data) : undefined;
    if (!row) throw notFound('destination_not_found', 'No destination with this id in this shop.');
    return row;
  };

  const assertNameFree = (shopId: number, name: string, exceptId: number | null) => {
    const other = destinations.findByName(shopId, name);
    if (other && other.id !== exceptId) throw new AppError(409, 'destination_name_taken', `A destination named "${name}" already exists in this shop.`);
  };

  router.get('/destinations', (_req, res) => {
    const { shop } = authOf(res.locals);
    const links = destinations.linksOfShop(shop.id);
    const runs = destinations.latestRunsOfShop(shop.id);
    res.set('Cache-Control', 'no-store').json(destinations.list(shop.id).map((row) =>
      serializeDestination(row, links.filter((l) => l.destinationId === row.id), runs.get(row.id))));
  });

  router.post('/destinations', (req, res) => {
    const { shop } = authOf(res.locals);
    const base = CreateDestinationSchema.safeParse(req.body);
    const issues: FieldIssue[] = base.success ? [] : fieldIssues(base.error);
    // The kind's own fields are checked even when the rest failed, so a form sees every bad field at once.
    const raw = isRecord(req.body) ? req.body : {};
    const kind = base.success ? base.data.kind : DESTINATION_KINDS.find((k) => k === raw.kind);
    if (kind === undefined) throw invalidBody(issues);
    const settingsIn = base.success ? base.data.settings : raw.settings ?? {};
    const credentialsIn = base.success ? base.data.credentials : raw.credentials ?? {};
    const settings = isRecord(settingsIn) ? parseSettings(kind, settingsIn) : null;
    const credentials = isRecord(credentialsIn) ? parseCredentials(kind, credentialsIn) : null;
    if (settings && !settings.ok) issues.push(...settings.issues);
    if (credentials && !credentials.ok) issues.push(...credentials.issues);
    if (!base.success || !settings?.ok || !credentials?.ok) throw invalidBody(issues);

    assertNameFree(shop.id, base.data.name, null);
    if (destinations.count(shop.id) >= MAX_DESTINATIONS_PER_SHOP) {
      throw new AppError(409, 'too_many_destinations', `A shop can keep at most ${MAX_DESTINATIONS_PER_SHOP} destinations. Delete one first.`);
    }
    const id = destinations.insert(shop.id, {
      kind, name: base.data.name, settings: JSON.stringify(settings.value), credentialsSealed: seal(credentials.value),
    }, deps.clock.now());
    const body = view(destinations.get(shop.id, id)!);
    // The only time a generated secret is shown: the merchant's receiver needs it to verify our signature.
    res.status(201).set('Cache-Control', 'no-store').json(credentials.generatedSecret === null ? body : { ...body, signingSecret: credentials.generatedSecret });
  });

  router.get('/destinations/:id', (req, res) => {
    const { shop } = authOf(res.locals);
    res.set('Cache-Control', 'no-store').json(view(destinationOf(req, shop.id)));
  });

  router.patch('/destinations/:id', (req, res) => {
    const { shop } = authOf(res.locals);
    const row = destinationOf(req, shop.id);
    const body = PatchDestinationSchema.safeParse(req.body);
    if (!body.success) throw invalidBody(fieldIssues(body.error));
    // Checked apart from the schema: a zod refine would also fire after an unknown field, with a misleading message.
    if (Object.keys(body.data).length === 0) throw invalidBody([{ path: '', message: 'give at least one field to change' }]);
    const plan = planDestinationPatch(row, body.data, destinations.linksOf(row.id));
    if (!plan.ok) throw plan.error;
    if (body.data.name !== undefined) assertNameFree(shop.id, plan.changes.name, row.id);
    const changes = { ...plan.changes, credentialsSealed: plan.credentials === null ? row.credentialsSealed : seal(plan.credentials) };
    destinations.update(shop.id, row.id, changes, deps.clock.now());
    const updated = view(destinations.get(shop.id, row.id)!);
    res.set('Cache-Control', 'no-store').json(plan.generatedSecret === null ? updated : { ...updated, signingSecret: plan.generatedSecret });
  });

  router.delete('/destinations/:id', (req, res) => {
    const { shop } = authOf(res.locals);
    destinations.delete(shop.id, destinationOf(req, shop.id).id);
    res.status(204).end();
  });

  router.post('/destinations/:id/test', async (req, res) => {
    const { shop } = authOf(res.locals);
    const row = destinationOf(req, shop.id);
    res.set('Cache-Control', 'no-store').json(await deps.destinations.testCredentials(shop.id, row.id));
  });

  router.post('/destinations/:id/links', (req, res) => {
    const { shop } = authOf(res.locals);
    const row = destinationOf(req, shop.id);
    const body = LinkSchema.safeParse(req.body);
    if (!body.success) throw invalidBody(fieldIssues(body.error));
    const segment = segments.get(shop.id, body.data.segmentId);
    if (!segment) throw notFound('segment_not_found', 'No segment with this id in this shop.');
    if (!destinations.insertLink(row.id, segment.id, deps.clock.now())) {
      throw new AppError(409, 'destination_link_exists', `Segment "${segment.name}" is already linked to this destination.`);
    }
    const link = destinations.linksOf(row.id).find((l) => l.segmentId === segment.id)!;
    res.status(201).set('Cache-Control', 'no-store').json(serializeLink(link));
  });

  router.delete('/destinations/:id/links/:segmentId', (req, res) => {
    const { shop } = authOf(res.locals);
    const row = destinationOf(req, shop.id);
    const segmentId = IdSchema.safeParse(req.params.segmentId);
    if (!segmentId.success || !destinations.deleteLink(row.id, segmentId.data)) {
      throw notFound('destination_link_not_found', 'This segment is not linked to this destination.');
    }
    res.status(204).end();
  });

  router.post('/destinations/:id/sync', (req, res) => {
    const { shop } = authOf(res.locals);
    const row = destinationOf(req, shop.id);
    if (row.status === 'paused') {
      throw new AppError(409, 'destination_paused', row.pausedReason === 'credentials_rejected'
        ? 'The destination refused its credentials. Replace them (PATCH credentials) before syncing.'
        : 'The destination is paused. Set its status to active before syncing.');
    }
    res.status(202).set('Cache-Control', 'no-store').json(deps.destinations.requestRun(shop.id, row.id, 'manual'));
  });

  router.get('/destinations/:id/runs', (req, res) => {
    const { shop } = authOf(res.locals);
    const row = destinationOf(req, shop.id);
    const q = RunsQuerySchema.safeParse(req.query);
    if (!q.success) throw badRequest('invalid_query', describeIssue(q.error));
    res.set('Cache-Control', 'no-store').json(destinations.runs(row.id, q.data.limit).map(serializeSyncRun));
  });

  router.get('/sync-runs/:id', (req, res) => {
    const { shop } = authOf(res.locals);
    const id = IdSchema.safeParse(req.params.id);
    const run = id.success ? deps.destinations.getRun(shop.id, id.data) : null;
    if (!run) throw notFound('sync_run_not_found', 'No sync run with this id in this shop.');
    res.set('Cache-Control', 'no-store').json(run);
  });

  router.get('/segments/:id/destinations', (req, res) => {
    const { shop } = authOf(res.locals);
    const id = IdSchema.safeParse(req.params.id);
    const segment = id.success ? segments.get(shop.id, id.data) : undefined;
    if (!segment) throw notFound('segment_not_found', 'No segment with this id in this shop.');
    res.set('Cache-Control', 'no-store').json(destinations.linksOfSegment(shop.id, segment.id).map(({ destination, link }) =>
      serializeSegmentDestination(destination, link, destinations.latestRun(destination.id))));
  });

  return router;
}
