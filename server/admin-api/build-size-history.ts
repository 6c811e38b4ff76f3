import type { SegmentReportQueries } from '../db/segment-report-queries.js';
import type { SegmentRow } from '../db/segment-queries.js';

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * One point per UTC day for the last `days` days (from the segment's creation at the earliest). A day
 * without a stored row had no entries or exits: it carries the previous day's size forward.
 */
export function buildSizeHistory(reports: Pick<SegmentReportQueries, 'history' | 'sizeBefore'>, segment: Pick<SegmentRow, 'id' | 'createdAt'>, days: number, now: number) {
  const first = Math.max(Math.floor(now / DAY_MS) - days + 1, Math.floor(segment.createdAt / DAY_MS));
  const fromDay = dayOf(first * DAY_MS);
  const rows = new Map(reports.history(segment.id, fromDay).map((r) => [r.day, r]));
  let size = reports.sizeBefore(segment.id, fromDay) ?? 0;
  const out: { day: string; size: number; entered: number; exited: number }[] = [];
  for (let d = first; d <= Math.floor(now / DAY_MS); d++) {
    const day = dayOf(d * DAY_MS);
    const row = rows.get(day);
    if (row) size = row.size;
    out.push({ day, size, entered: row?.entered ?? 0, exited: row?.exited ?? 0 });
  }
  return out;
}
