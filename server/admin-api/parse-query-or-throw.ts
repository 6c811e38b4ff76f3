import { AppError } from '../errors.js';
import type { SegmentExpression } from '../segments/query/segment-query-ast.js';
import { parseSegmentQuery } from '../segments/query/parse-segment-query.js';
import { SegmentQueryError } from '../segments/query/segment-query-error.js';

/** Parses a merchant's query, or answers 400 invalid_segment_query saying where and what was expected. */
export function parseQueryOrThrow(query: string): SegmentExpression {
  try {
    return parseSegmentQuery(query);
  } catch (err) {
    if (!(err instanceof SegmentQueryError)) throw err;
    const hint = err.hint === undefined ? '' : ` ${err.hint.charAt(0).toUpperCase()}${err.hint.slice(1)}${/[.?!]$/.test(err.hint) ? '' : '.'}`;
    throw new AppError(400, 'invalid_segment_query', `Line ${err.line}, column ${err.column}: ${err.reason}.${hint}`, {}, {
      line: err.line, column: err.column, position: err.position, reason: err.reason, ...(err.hint === undefined ? {} : { hint: err.hint }),
    });
  }
}
