/**
 * A query the merchant wrote cannot be read. `position` is the 0-based character offset, `line` and
 * `column` are 1-based so an editor can underline the spot; the message is meant to be shown as is.
 */
export class SegmentQueryError extends Error {
  override readonly name = 'SegmentQueryError';
  readonly line: number;
  readonly column: number;

  constructor(
    readonly reason: string,
    readonly position: number,
    source: string,
    readonly hint?: string,
  ) {
    super(`${reason} at ${position}${hint === undefined ? '' : `; ${hint}`}`);
    const before = source.slice(0, position).split('\n');
    this.line = before.length;
    this.column = (before[before.length - 1] ?? '').length + 1;
  }
}
