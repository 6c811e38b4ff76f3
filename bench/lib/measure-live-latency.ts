import { createSeededRandom } from '../../server/demo/create-seeded-random.js';
import type { EventWriter } from '../../server/ingest/stored-event.js';
import type { SegmentEngine } from '../../server/segments/live/create-segment-engine.js';
import { createLiveEventSource } from './create-live-event-source.js';
import { membershipLatencies, type SentToProfile } from './membership-latencies.js';
import { nearestRank } from './nearest-rank.js';
import { planBenchShopper } from './plan-bench-shopper.js';
import { pollSegmentEngine, type TurnClock } from './poll-segment-engine.js';
import type { createSegmentBenchQueries } from './segment-bench-queries.js';
import { startLiveEventLoad, type LiveLoadStats } from './start-live-event-load.js';

export interface LiveLatencyResult {
  seconds: number;
  poolProfiles: number;
  load: Omit<LiveLoadStats, 'perSecond'> & { minPerSecond: number; maxPerSecond: number; perSecond: number[] };
  turns: { count: number; processed: number; p50Ms: number; p95Ms: number; maxMs: number };
  /** Membership changes logged during the run, by reason (only `live` ones are timed). */
  changes: Record<string, number>;
  latency: { count: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number; unattributed: number; ambiguous: number };
  /** The same changes timed from when the schedule wanted their event sent: adds the time the sender itself was held up. */
  fromSchedule: { p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };
  /** Time after the load stopped until the engine had caught up (queue empty, every write seen by a turn). */
  catchUpMs: number;
  queueAfter: number;
  errors: string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The live phase: a steady load of events for existing shoppers through the real writer while the engine
 * is polled as in production, then each live membership change timed from its causing event's acceptance
 * to its commit (membership-latencies.ts).
 */
export async function measureLiveLatency(deps: {
  engine: SegmentEngine; clock: TurnClock; writer: EventWriter; queries: ReturnType<typeof createSegmentBenchQueries>; shopId: number;
  seed: number; shoppers: number; pool: number; rate: number; seconds: number; pollMs: number; batchSize: number;
}): Promise<LiveLatencyResult> {
  const pick = createSeededRandom(deps.seed, 0x9001);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(deps.pool, deps.shoppers)) chosen.add(pick.int(0, deps.shoppers - 1));
  const devices = [...chosen].map((index) => planBenchShopper(deps.seed, index).plan.devices[0]!);
  const profileOf = new Map<string, number>();
  for (const d of devices) {
    const profileId = deps.queries.profileOfVisitor(d.visitorId);
    if (profileId === undefined) throw new Error(`visitor of a generated shopper has no profile: ${d.visitorId}`);
    profileOf.set(d.visitorId, profileId);
  }
  const sent = new Map<number, SentToProfile>();
  const startedAt = Date.now();
  const load = startLiveEventLoad({
    rate: deps.rate, seconds: deps.seconds, batchEvents: 10, tickMs: 10,
    next: createLiveEventSource(deps.seed, devices),
    send(batch, firstIndex) {
      const write = load.writes();
      deps.writer.writeBatch(deps.shopId, batch);
      batch.forEach((e, i) => {
        const profileId = profileOf.get(e.visitorId!)!;
        let record = sent.get(profileId);
        if (!record) sent.set(profileId, (record = { receivedAt: [], scheduledAt: [], write: [] }));
        record.receivedAt.push(e.receivedAt);
        record.scheduledAt.push(Math.round(load.scheduledAt(firstIndex + i)));
        record.write.push(write);
      });
    },
  });
  const poller = pollSegmentEngine(deps.engine, deps.clock, { pollMs: deps.pollMs, batchSize: deps.batchSize, writes: () => load.writes() });
  const loadStats = await load.done;
  const loadEnded = Date.now();
  for (;;) {
    const last = poller.turns.at(-1);
    if ((last && last.writesBefore >= load.writes() && deps.queries.dirtyProfiles() === 0) || Date.now() - loadEnded > 30_000 || poller.errors.length > 0) break;
    await sleep(20);
  }
  const catchUpMs = Date.now() - loadEnded;
  poller.stop();

  const durations = poller.turns.map((t) => t.t1 - t.t0).sort((a, b) => a - b);
  const measured = membershipLatencies(deps.queries.liveChangesSince(startedAt), poller.turns, sent);
  const perSecond = Array.from({ length: deps.seconds }, (_, i) => loadStats.perSecond[i] ?? 0);
  return {
    seconds: deps.seconds,
    poolProfiles: devices.length,
    load: { ...loadStats, perSecond, minPerSecond: Math.min(...perSecond), maxPerSecond: Math.max(...perSecond) },
    turns: {
      count: durations.length, processed: poller.turns.reduce((n, t) => n + t.processed, 0),
      p50Ms: nearestRank(durations, 50), p95Ms: nearestRank(durations, 95), maxMs: durations.at(-1) ?? Number.NaN,
    },
    changes: deps.queries.changesSince(startedAt),
    latency: {
      count: measured.latencies.length,
      p50Ms: nearestRank(measured.latencies, 50), p95Ms: nearestRank(measured.latencies, 95), p99Ms: nearestRank(measured.latencies, 99),
      maxMs: measured.latencies.at(-1) ?? Number.NaN, unattributed: measured.unattributed, ambiguous: measured.ambiguous,
    },
    fromSchedule: {
      p50Ms: nearestRank(measured.fromSchedule, 50), p95Ms: nearestRank(measured.fromSchedule, 95),
      p99Ms: nearestRank(measured.fromSchedule, 99), maxMs: measured.fromSchedule.at(-1) ?? Number.NaN,
    },
    catchUpMs,
    queueAfter: deps.queries.dirtyProfiles(),
    errors: poller.errors,
  };
}
