import { Router, type Response } from 'express';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import { createSegmentQueries } from '../db/segment-queries.js';
import { createSegmentReportQueries, type MemberRow } from '../db/segment-report-queries.js';
import { authOf } from '../auth/require-session-token.js';
import { notFound } from '../errors.js';
import { IdSchema } from './segment-schemas.js';
import { csvNumberCell, csvRecord, csvTextCell } from './destinations/format-csv-row.js';

/** Members read and written per step: memory stays flat whatever the segment's size. */
export const EXPORT_PAGE_SIZE = 500;

export const EXPORT_HEADER = [
  'profile_id', 'customer_id', 'email', 'rfm_group', 'number_of_orders', 'amount_spent', 'last_order_at', 'primary_device', 'entered_at',
] as const;

const isoOrNull = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString() : null);
const numberOrNull = (v: unknown) => (typeof v === 'number' ? v : null);
const textOrNull = (v: unknown) => (typeof v === 'string' ? v : null);

/** One member as a CSV record, in EXPORT_HEADER order (pure). */
export function memberCsvRecord(m: MemberRow): string {
  return csvRecord([
    csvNumberCell(m.profileId), csvTextCell(m.customerId), csvTextCell(m.email), csvTextCell(textOrNull(m.traits.rfm_group)),
    csvNumberCell(numberOrNull(m.traits.number_of_orders)), csvNumberCell(numberOrNull(m.traits.amount_spent)),
    csvTextCell(isoOrNull(m.traits.last_order_at)), csvTextCell(textOrNull(m.traits.primary_device)), csvTextCell(isoOrNull(m.enteredAt)),
  ]);
}

/** A file name any browser and file system accepts: the segment's name reduced to [a-z0-9-], its id and the day. */
export function exportFileName(segmentId: number, segmentName: string, now: number): string {
  const slug = segmentName.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return `${slug || 'segment'}-${segmentId}-members-${new Date(now).toISOString().slice(0, 10)}.csv`;
}

const drained = (res: Response) => new Promise<void>((resolve) => {
  const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
  res.on('drain', done);
  res.on('close', done);
});

/**
 * GET /api/segments/:id/members.csv: the segment's members, streamed page by page with a profile-id
 * cursor (docs/api.md#csv-export). The file holds emails: nothing of it is logged or cached.
 */
export function createSegmentExportRouter(deps: { db: Db; clock: Clock }): Router {
  const segments = createSegmentQueries(deps.db);
  const reports = createSegmentReportQueries(deps.db);
  const router = Router();

  router.get('/segments/:id/members.csv', async (req, res) => {
    const { shop } = authOf(res.locals);
    const id = IdSchema.safeParse(req.params.id);
    const segment = id.success ? segments.get(shop.id, id.data) : undefined;
    if (!segment) throw notFound('segment_not_found', 'No segment with this id in this shop.');

    res.status(200).set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${exportFileName(segment.id, segment.name, deps.clock.now())}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    let closed = false;
    res.on('close', () => { closed = true; });
    try {
      res.write(csvRecord([...EXPORT_HEADER]));
      let after = 0;
      for (;;) {
        const page = reports.members(segment.id, after, EXPORT_PAGE_SIZE);
        if (page.length > 0 && !res.write(page.map(memberCsvRecord).join(''))) await drained(res);
        if (closed || page.length < EXPORT_PAGE_SIZE) break;
        after = page[page.length - 1]!.profileId;
        // Other requests get their turn between pages, even when the client reads as fast as we write.
        await nextTurn();
      }
      if (!closed) res.end();
    } catch (err) {
      // Headers are gone: the only honest signal left is a cut connection, so a partial file is not taken for whole.
      res.destroy();
      throw err;
    }
  });

  return router;
}
