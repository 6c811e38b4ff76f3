import type { IngestCounterQueries, IngestCounterReason } from '../db/ingest-counter-queries.js';
import type { IngestTaxonomyQueries } from '../db/ingest-taxonomy-queries.js';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a UTC instant, memoized for the last day seen (nearly every call hits it). */
let lastDayNumber = -1;
let lastDay = '';
export function utcDay(ms: number): string {
  const dayNumber = Math.floor(ms / DAY_MS);
  if (dayNumber !== lastDayNumber) {
    lastDayNumber = dayNumber;
    lastDay = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
  }
  return lastDay;
}

interface CounterEntry {
  shopId: number;
  dayNumber: number;
  day: string;
  reason: IngestCounterReason;
  count: number;
}

interface NameEntry {
  shopId: number;
  name: string;
  count: number;
  at: number;
}

/**
 * Ingestion counters and rejected event names gathered in memory between two group commits,
 * then written with a handful of upserts inside the commit's transaction.
 */
export class IngestTally {
  private counters = new Map<string, CounterEntry>();
  private names = new Map<string, NameEntry>();
  private lastByReason: Partial<Record<IngestCounterReason, CounterEntry>> = {};

  get isEmpty(): boolean {
    return this.counters.size === 0 && this.names.size === 0;
  }

  count(shopId: number, at: number, reason: IngestCounterReason, n: number): void {
    if (n <= 0) return;
    const dayNumber = Math.floor(at / DAY_MS);
    // Events come in runs of one shop and day: the last entry per reason answers nearly every call.
    const last = this.lastByReason[reason];
    if (last !== undefined && last.shopId === shopId && last.dayNumber === dayNumber) {
      last.count += n;
      return;
    }
    const day = utcDay(at);
    const key = `${shopId}|${day}|${reason}`;
    let entry = this.counters.get(key);
    if (entry) entry.count += n;
    else this.counters.set(key, (entry = { shopId, dayNumber, day, reason, count: n }));
    this.lastByReason[reason] = entry;
  }

  badName(shopId: number, name: string, at: number): void {
    const key = `${shopId}|${name}`;
    const entry = this.names.get(key);
    if (entry) {
      entry.count++;
      entry.at = Math.max(entry.at, at);
    } else this.names.set(key, { shopId, name, count: 1, at });
  }

  /** Writes everything gathered; the caller holds the transaction. */
  writeTo(counters: IngestCounterQueries, taxonomy: IngestTaxonomyQueries): void {
    for (const c of this.counters.values()) counters.add(c.shopId, c.day, c.reason, c.count);
    for (const n of this.names.values()) taxonomy.record(n.shopId, n.name, n.count, n.at);
  }
}
