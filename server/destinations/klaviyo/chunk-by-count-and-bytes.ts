/**
 * Splits items into consecutive chunks of at most maxCount items whose serialized sizes add up to at
 * most maxBytes. An item larger than maxBytes on its own goes alone (the caller refuses it first).
 */
export function chunkByCountAndBytes<T>(items: readonly T[], sizeOf: (item: T) => number, limits: { maxCount: number; maxBytes: number }): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length >= limits.maxCount || bytes + size > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
