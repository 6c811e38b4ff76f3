export interface BulkGroup {
  /** A root object of the export (an order), as parsed. */
  parent: Record<string, unknown>;
  /** Its nested connection objects (line items), in file order, `__parentId` removed. */
  children: Record<string, unknown>[];
  /** Lines of the file read through the end of this group: resuming from here starts at the next root. */
  linesThrough: number;
}

/**
 * Groups a bulk operation's JSONL, streamed line by line, into root objects with their children. Shopify
 * writes each nested row right after its parent, linked by `__parentId` (shopify.md §7.3), so one group is
 * held in memory at a time. The first `skip` lines (already imported, always a group boundary) are passed
 * over without parsing. A child whose parent is not the current group is counted in `orphans` and dropped;
 * `lines` counts the lines read so far.
 */
export async function* groupBulkLines(lines: AsyncIterable<string>, skip = 0, stats = { orphans: 0, lines: 0 }): AsyncGenerator<BulkGroup> {
  let lineNumber = 0;
  let current: { parent: Record<string, unknown>; id: unknown; children: Record<string, unknown>[] } | null = null;
  for await (const line of lines) {
    lineNumber++;
    stats.lines = lineNumber;
    if (lineNumber <= skip || line.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new BulkFileError(`line ${lineNumber} of the bulk file is not JSON`);
    }
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw new BulkFileError(`line ${lineNumber} of the bulk file is not an object`);
    const { __parentId: parentId, ...object } = row as Record<string, unknown>;
    if (parentId === undefined) {
      if (current) yield { parent: current.parent, children: current.children, linesThrough: lineNumber - 1 };
      current = { parent: object, id: object.id, children: [] };
    } else if (current && parentId === current.id) {
      current.children.push(object);
    } else {
      stats.orphans++;
    }
  }
  if (current) yield { parent: current.parent, children: current.children, linesThrough: lineNumber };
}

/** The bulk file itself is unusable: retrying the same file cannot help. */
export class BulkFileError extends Error {
  override name = 'BulkFileError';
}
