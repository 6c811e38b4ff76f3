import type { EventWriter } from '../ingest/stored-event.js';
import { generateDemoHistory, type DemoHistoryOptions } from './generate-demo-history.js';

export interface SeedProgress {
  events: number;
  accepted: number;
  duplicates: number;
}

export interface SeedResult extends SeedProgress {
  shoppers: number;
  elapsedMs: number;
  /** Part of elapsedMs spent in the writer (the rest is generating the history). */
  writeMs: number;
}

/**
 * Writes a generated demo history for one shop through the ingestion writer (one transaction per chunk),
 * so seeded events are stored, deduplicated and stitched exactly like live ones. Yields to the event loop
 * between chunks so a server seeding at start-up still logs and answers health checks.
 */
export async function seedDemoShop(
  writer: EventWriter,
  shopId: number,
  options: DemoHistoryOptions,
  onChunk?: (progress: SeedProgress) => void,
): Promise<SeedResult> {
  const started = performance.now();
  const progress: SeedProgress = { events: 0, accepted: 0, duplicates: 0 };
  let writeMs = 0;
  for (const chunk of generateDemoHistory(options)) {
    const writeStarted = performance.now();
    const result = writer.writeBatch(shopId, chunk);
    writeMs += performance.now() - writeStarted;
    progress.events += chunk.length;
    progress.accepted += result.accepted;
    progress.duplicates += result.duplicates;
    onChunk?.({ ...progress });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { ...progress, shoppers: options.shoppers, elapsedMs: Math.round(performance.now() - started), writeMs: Math.round(writeMs) };
}
