import { Router, type Request } from 'express';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import { createSegmentQueries, type SegmentDefinition, type SegmentRow } from '../db/segment-queries.js';
import { createSegmentReportQueries } from '../db/segment-report-queries.js';
import { authOf } from '../auth/require-session-token.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { buildSegmentKpis, KPI_WINDOW_DAYS } from '../segments/governance/build-segment-kpis.js';
import type { KpiAggregates } from '../db/segment-report-queries.js';
import type { SegmentKpi } from '../segments/governance/segment-governance.js';
import { isStale, segmentWarnings } from '../segments/governance/segment-warnings.js';
import { compileSegmentQuery } from '../segments/query/compile-segment-query.js';
import { findSegmentTemplate, SEGMENT_TEMPLATES } from '../segments/templates/segment-templates.js';
import { parseQueryOrThrow } from './parse-query-or-throw.js';
import { serializeProfile } from './serialize-profile.js';
import { buildSizeHistory } from './build-size-history.js';
import {
  CreateSegmentSchema, describeIssue, HistoryQuerySchema, IdSchema, MembersQuerySchema, PatchSegmentSchema, PreviewSchema,
  SegmentInputSchema, type SegmentInput,
} from './segment-schemas.js';

const DAY_MS = 86_400_000;
/** A bound on what one shop can ask the engine to keep live. */
export const MAX_SEGMENTS_PER_SHOP = 100;
/** Days of the size trend each listed segment carries. */
const TREND_DAYS = 7;

export interface SegmentRouterDeps {
  db: Db;
  clock: Clock;
  /** Evaluates one segment over every profile now (the engine's), so a saved segment answers with its size. */
  evaluateSegment(shopId: number, segmentId: number): void;
}

/** /api/segments, /api/templates and /api/profiles/:id (docs/api.md). Every read and write is for the token's shop only. */
export function createSegmentRouter(deps: SegmentRouterDeps): Router {
  const segments = createSegmentQueries(deps.db);
  const reports = createSegmentReportQueries(deps.db);
  const router = Router();

  /** The store's KPI sums, read once per request and shared by every segment it shows. */
  const baselineOf = (shopId: number, now: number) => reports.shopKpiAggregates(shopId, now - KPI_WINDOW_DAYS * DAY_MS);

  const view = (row: SegmentRow, now: number, baseline: KpiAggregates = baselineOf(row.shopId, now)) => {
    const kpis = buildSegmentKpis(row.kpi as SegmentKpi, reports.kpiAggregates(row.id, now - KPI_WINDOW_DAYS * DAY_MS));
    return {
      ...fields(row, now),
      kpis: { ...kpis, baseline: buildSegmentKpis(row.kpi as SegmentKpi, baseline).headline.value },
      trend: buildSizeHistory(reports, row, TREND_DAYS, now).map(({ day, size }) => ({ day, size })),
    };
  };

  const fields = (row: SegmentRow, now: number) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    query: row.query,
    templateKey: row.templateKey,
    kpi: row.kpi,
    activation: { channel: row.activationChannel, plan: row.activationPlan },
    refreshPolicy: row.refreshPolicy,
    status: row.status,
    memberCount: row.memberCount,
    stale: isStale(row, now),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    refreshedAt: row.refreshedAt === null ? null : new Date(row.refreshedAt).toISOString(),
  });

  const segmentOf = (req: Request, shopId: number) => {
    const id = IdSchema.safeParse(req.params.id);
    const row = id.success ? segments.get(shopId, id.data) : undefined;
    if (!row) throw notFound('segment_not_found', 'No segment with this id in this shop.');
    return row;
  };

  const definitionOf = (input: SegmentInput, templateKey: string | null): SegmentDefinition => ({
    templateKey, name: input.name, description: input.description, query: input.query, kpi: input.kpi,
    activationChannel: input.activation.channel, activationPlan: input.activation.plan, refreshPolicy: input.refreshPolicy, status: input.status,
  });

  const assertNameFree = (shopId: number, name: string, exceptId: number | null) => {
    const other = segments.findByName(shopId, name);
    if (other && other.id !== exceptId) throw new AppError(409, 'segment_name_taken', `A segment named "${name}" already exists in this shop.`);
  };

  router.get('/templates', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ templates: SEGMENT_TEMPLATES });
  });

  router.get('/segments', (_req, res) => {
    const { shop } = authOf(res.locals);
    const now = deps.clock.now();
    const rows = segments.list(shop.id);
    const baseline = baselineOf(shop.id, now);
    res.set('Cache-Control', 'no-store').json({ segments: rows.map((r) => view(r, now, baseline)), warnings: segmentWarnings(rows, now) });
  });

  router.post('/segments/preview', (req, res) => {
    const { shop } = authOf(res.locals);
    const body = PreviewSchema.safeParse(req.body);
    if (!body.success) throw badRequest('invalid_body', describeIssue(body.error));
    const where = compileSegmentQuery(parseQueryOrThrow(body.data.query), deps.clock.now());
    res.set('Cache-Control', 'no-store').json({
      count: reports.count(shop.id, where),
      sample: reports.sample(shop.id, where, body.data.sampleSize).map(serializeProfile),
    });
  });

  router.post('/segments', (req, res) => {
    const { shop } = authOf(res.locals);
    const body = CreateSegmentSchema.safeParse(req.body);
    if (!body.success) throw badRequest('invalid_body', describeIssue(body.error));
    let input: SegmentInput;
    let templateKey: string | null = null;
    if ('template' in body.data) {
      const { template, ...overrides } = body.data;
      const t = findSegmentTemplate(template);
      if (!t) throw badRequest('unknown_template', `No template "${template}". GET /api/templates lists them.`);
      templateKey = t.key;
      input = SegmentInputSchema.parse({ name: t.name, description: t.purpose, query: t.query, kpi: t.kpi, activation: t.activation, refreshPolicy: t.refreshPolicy, ...overrides });
    } else {
      input = body.data as SegmentInput;
    }
    parseQueryOrThrow(input.query);
    assertNameFree(shop.id, input.name, null);
    if (segments.list(shop.id).length >= MAX_SEGMENTS_PER_SHOP) {
      throw new AppError(409, 'too_many_segments', `A shop can keep at most ${MAX_SEGMENTS_PER_SHOP} segments. Delete or merge some first.`);
    }
    const now = deps.clock.now();
    const id = segments.insert(shop.id, definitionOf(input, templateKey), now);
    if (input.status === 'active') deps.evaluateSegment(shop.id, id);
    res.status(201).json({ segment: view(segments.get(shop.id, id)!, deps.clock.now()) });
  });

  router.get('/segments/:id', (req, res) => {
    const { shop } = authOf(res.locals);
    res.set('Cache-Control', 'no-store').json({ segment: view(segmentOf(req, shop.id), deps.clock.now()) });
  });

  router.patch('/segments/:id', (req, res) => {
    const { shop } = authOf(res.locals);
    const row = segmentOf(req, shop.id);
    const body = PatchSegmentSchema.safeParse(req.body);
    if (!body.success) throw badRequest('invalid_body', describeIssue(body.error));
    const current: SegmentInput = {
      name: row.name, description: row.description, query: row.query, kpi: row.kpi as SegmentInput['kpi'],
      activation: { channel: row.activationChannel as SegmentInput['activation']['channel'], plan: row.activationPlan },
      refreshPolicy: row.refreshPolicy as SegmentInput['refreshPolicy'], status: row.status,
    };
    const next = { ...current, ...body.data };
    if (body.data.query !== undefined) parseQueryOrThrow(next.query);
    if (body.data.name !== undefined) assertNameFree(shop.id, next.name, row.id);
    // A changed query or a paused segment coming back must be evaluated over everyone again.
    const reevaluate = next.query !== row.query || (next.status === 'active' && row.status !== 'active');
    segments.update(shop.id, row.id, definitionOf(next, row.templateKey), deps.clock.now(), reevaluate);
    if (reevaluate && next.status === 'active') deps.evaluateSegment(shop.id, row.id);
    res.json({ segment: view(segments.get(shop.id, row.id)!, deps.clock.now()) });
  });

  router.delete('/segments/:id', (req, res) => {
    const { shop } = authOf(res.locals);
    segments.delete(shop.id, segmentOf(req, shop.id).id);
    res.status(204).end();
  });

  router.get('/segments/:id/members', (req, res) => {
    const { shop } = authOf(res.locals);
    const row = segmentOf(req, shop.id);
    const q = MembersQuerySchema.safeParse(req.query);
    if (!q.success) throw badRequest('invalid_query', describeIssue(q.error));
    const after = q.data.cursor === undefined ? 0 : Number(q.data.cursor);
    const search = q.data.q;
    const members = search === undefined ? reports.members(row.id, after, q.data.limit) : reports.searchMembers(row.id, shop.id, {
      emailPrefix: search.toLowerCase(), customerId: search, profileId: /^\d{1,15}$/.test(search) ? Number(search) : null,
    }, after, q.data.limit);
    const nextCursor = members.length === q.data.limit ? String(members[members.length - 1]!.profileId) : null;
    res.set('Cache-Control', 'no-store').json({ members: members.map(serializeProfile), nextCursor });
  });

  router.get('/segments/:id/history', (req, res) => {
    const { shop } = authOf(res.locals);
    const row = segmentOf(req, shop.id);
    const q = HistoryQuerySchema.safeParse(req.query);
    if (!q.success) throw badRequest('invalid_query', describeIssue(q.error));
    res.set('Cache-Control', 'no-store').json({ segmentId: row.id, history: buildSizeHistory(reports, row, q.data.days, deps.clock.now()) });
  });

  router.get('/profiles/:id', (req, res) => {
    const { shop } = authOf(res.locals);
    const id = IdSchema.safeParse(req.params.id);
    const row = id.success ? reports.profile(shop.id, id.data) : undefined;
    if (!row) throw notFound('profile_not_found', 'No shopper profile with this id in this shop (or its traits are not computed yet).');
    const memberOf = new Set(reports.segmentIdsOf(row.profileId));
    const names = segments.list(shop.id).filter((s) => memberOf.has(s.id)).map((s) => ({ id: s.id, name: s.name }));
    res.set('Cache-Control', 'no-store').json({ profile: { ...serializeProfile(row), segments: names } });
  });

  return router;
}
