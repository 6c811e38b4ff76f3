import type { SegmentRow } from '../../db/segment-queries.js';
import type { SegmentExpression } from '../query/segment-query-ast.js';
import { parseSegmentQuery } from '../query/parse-segment-query.js';
import { segmentTimeDependence } from '../query/segment-time-dependence.js';
import { mergeTimeDependence, type TimeDependence } from '../query/time-dependence.js';
import type { TraitShopContext } from './compute-trait-chunk.js';

export interface ParsedSegment {
  row: SegmentRow;
  expression: SegmentExpression;
}

/** What the engine needs about one shop's segments, rebuilt only when a segment changes (version). */
export interface ShopSegmentContext {
  shopId: number;
  domain: string;
  version: string;
  /** Active segments whose stored query parses (the API refuses the others, so normally all). */
  segments: ParsedSegment[];
  /** Merged over the active segments: when time alone can change a membership (recheck_at). */
  timeDependence: TimeDependence;
  /** The shop's abandonment windows (its settings, else the app's default). */
  cartWindowMs: number;
  checkoutWindowMs: number;
  /** Canonical JSON of what every profile's traits and recheck_at were computed for: windows and timeDependence. */
  recomputeKey: string;
}

export function buildShopSegmentContext(
  shopId: number, domain: string, version: string, rows: readonly SegmentRow[], windows: { cartWindowMs: number; checkoutWindowMs: number },
): ShopSegmentContext {
  const segments: ParsedSegment[] = [];
  for (const row of rows) {
    if (row.status !== 'active') continue;
    try {
      segments.push({ row, expression: parseSegmentQuery(row.query) });
    } catch {
      // A query stored by an older version that this one no longer reads: skipped, not fatal for the others.
    }
  }
  const timeDependence = mergeTimeDependence(segments.map((s) => segmentTimeDependence(s.expression)));
  return { shopId, domain, version, segments, timeDependence, ...windows, recomputeKey: JSON.stringify({ timeDependence, ...windows }) };
}

/** The part of a context that computing traits reads: plain data a worker thread can receive. */
export const traitContextOf = (c: ShopSegmentContext): TraitShopContext => ({
  shopId: c.shopId, domain: c.domain, timeDependence: c.timeDependence, cartWindowMs: c.cartWindowMs, checkoutWindowMs: c.checkoutWindowMs,
});
