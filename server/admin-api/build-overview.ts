import type { EventCountRow, IngestCounterRow, TaxonomyViolationRow } from '../db/overview-queries.js';
import { guessIntendedEventName } from '../ingest/guess-intended-event-name.js';

export const DEVICE_CLASSES = ['mobile', 'tablet', 'desktop', 'unknown'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];
export type DeviceCounts = Record<DeviceClass | 'total', number>;

export const INGEST_OUTCOMES = ['accepted', 'duplicate', 'no_consent', 'bot', 'invalid', 'rate_limited'] as const;
export type IngestOutcome = (typeof INGEST_OUTCOMES)[number];
export type IngestCounts = Record<IngestOutcome, number>;

/** The JSON body of GET /api/overview (the web admin imports this type). */
export interface Overview {
  shop: string;
  window: { hours: number; from: string; to: string };
  totals: { profiles: number; events: number };
  events: { rows: Array<{ name: string } & DeviceCounts>; totals: DeviceCounts };
  /** Counters are kept per UTC day, so the window is widened to whole days. */
  ingestion: { today: { day: string; counts: IngestCounts }; window: { fromDay: string; toDay: string; counts: IngestCounts } };
  taxonomy: {
    rule: 'Object_Action';
    violations: Array<{ name: string; count: number; firstSeenAt: string; lastSeenAt: string; suggestedName: string | null }>;
  };
}

export interface OverviewInput {
  shop: string;
  now: number;
  hours: number;
  totals: Overview['totals'];
  eventCounts: readonly EventCountRow[];
  ingestToday: readonly IngestCounterRow[];
  ingestWindow: readonly IngestCounterRow[];
  violations: readonly TaxonomyViolationRow[];
}

export const HOUR_MS = 60 * 60 * 1000;

/** The UTC day (YYYY-MM-DD) an instant falls on, matching ingest_counters.day. */
export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function buildOverview(input: OverviewInput): Overview {
  const from = input.now - input.hours * HOUR_MS;
  return {
    shop: input.shop,
    window: { hours: input.hours, from: new Date(from).toISOString(), to: new Date(input.now).toISOString() },
    totals: input.totals,
    events: pivotByDevice(input.eventCounts),
    ingestion: {
      today: { day: utcDay(input.now), counts: countOutcomes(input.ingestToday) },
      window: { fromDay: utcDay(from), toDay: utcDay(input.now), counts: countOutcomes(input.ingestWindow) },
    },
    taxonomy: {
      rule: 'Object_Action',
      violations: input.violations.map((v) => ({
        name: v.name,
        count: v.count,
        firstSeenAt: new Date(v.firstSeenAt).toISOString(),
        lastSeenAt: new Date(v.lastSeenAt).toISOString(),
        suggestedName: guessIntendedEventName(v.name),
      })),
    },
  };
}

/** One row per event name with a column per device class, busiest first (ties by name, stable for tests). */
function pivotByDevice(rows: readonly EventCountRow[]): Overview['events'] {
  const byName = new Map<string, { name: string } & DeviceCounts>();
  const totals = emptyDeviceCounts();
  for (const { name, device, count } of rows) {
    let row = byName.get(name);
    if (!row) byName.set(name, (row = { name, ...emptyDeviceCounts() }));
    const column: DeviceClass = (DEVICE_CLASSES as readonly string[]).includes(device) ? (device as DeviceClass) : 'unknown';
    row[column] += count;
    row.total += count;
    totals[column] += count;
    totals.total += count;
  }
  const sorted = [...byName.values()].sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { rows: sorted, totals };
}

function emptyDeviceCounts(): DeviceCounts {
  return { mobile: 0, tablet: 0, desktop: 0, unknown: 0, total: 0 };
}

// Reasons this version does not know yet are left out rather than shown under a wrong label.
function countOutcomes(rows: readonly IngestCounterRow[]): IngestCounts {
  const counts = Object.fromEntries(INGEST_OUTCOMES.map((o) => [o, 0])) as IngestCounts;
  for (const { reason, count } of rows) {
    if ((INGEST_OUTCOMES as readonly string[]).includes(reason)) counts[reason as IngestOutcome] += count;
  }
  return counts;
}
