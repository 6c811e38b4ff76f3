/** Adds per-reason counts into a running total (exclusions and hints, across chunks and links). */
export function addCounts<K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>): void {
  for (const [key, n] of Object.entries(from) as [K, number | undefined][]) into[key] = (into[key] ?? 0) + (n ?? 0);
}
