import type { Clock } from '../../clock.js';
import type { DestinationClient, OperationOutcome } from '../destination-client.js';
import type { HttpClient } from '../http/http-client.js';
import { createRateLimiter, type RateLimiter } from '../http/create-rate-limiter.js';
import { createKlaviyoTransport } from './klaviyo-transport.js';
import { KLAVIYO_RATE_TIERS, KLAVIYO_REVISION } from './klaviyo-tiers.js';
import { ensureKlaviyoList } from './ensure-klaviyo-list.js';
import { applyKlaviyoUpserts, type Upsert } from './apply-klaviyo-upserts.js';
import { applyKlaviyoRemoves, type Remove } from './apply-klaviyo-removes.js';
import type { ImportLimits, JobPolling } from './import-klaviyo-profiles.js';
import { EMAILS_PER_CALL } from './lookup-klaviyo-profiles.js';

export interface KlaviyoClientOptions {
  /** https://a.klaviyo.com, or a local fake (KLAVIYO_API_URL). */
  baseUrl: string;
  apiKey: string;
  /** The merchant's setting: also subscribe new members with recorded marketing consent. */
  subscribeWithConsent: boolean;
  http: HttpClient;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  revision?: string;
  /**
   * Pass one limiter per Klaviyo account to share its budget between clients (one run after another
   * for the same key); by default each client paces itself alone.
   */
  rateLimiter?: RateLimiter;
  /** Operations per apply(): one full import job by default. */
  batchSize?: number;
  /**
   * Members per pipelined group inside an apply() (default: half an import job, so a batch's second
   * group is looked up while its first imports). Lower only in tests.
   */
  groupSize?: number;
  /** The first group of the client's first apply() (default 1,000: ten look-ups before the first import). */
  firstGroupSize?: number;
  /** Lower only in tests (chunking by count and bytes). */
  limits?: Partial<ImportLimits>;
  polling?: Partial<Omit<JobPolling, 'sleep'>>;
  /** 429s waited out inside one call before it throws (default 3, each at most maxThrottleWaitMs). */
  maxThrottleWaits?: number;
  maxThrottleWaitMs?: number;
}

const DEFAULT_LIMITS: ImportLimits = { maxProfilesPerJob: 10_000, maxJobBytes: 4_600_000, maxProfileBytes: 100 * 1024 };
// A first look soon (a small job is done in well under a second), then doubling up to 10 s: a job of
// several seconds or minutes costs about as many M-tier polls as the former 500 ms × 1.5 ladder (5 s: 5,
// 60 s: 11 instead of 12), while other groups keep the tiers busy during the waits.
const DEFAULT_POLLING = { firstPollMs: 250, maxPollMs: 10_000, maxJobWaitMs: 15 * 60_000 };
const DEFAULT_GROUP_SIZE = DEFAULT_LIMITS.maxProfilesPerJob / 2;
// The M tier (imports, polls, events) waits for the first group's look-ups: keep that wait short.
const DEFAULT_FIRST_GROUP_SIZE = 10 * EMAILS_PER_CALL;

/** The Klaviyo destination (docs/destinations.md): one list per linked segment, bulk import jobs, segment events. */
export function createKlaviyoClient(options: KlaviyoClientOptions): DestinationClient {
  const limiter = options.rateLimiter ?? createKlaviyoRateLimiter(options.clock, options.sleep);
  const transport = createKlaviyoTransport({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    apiKey: options.apiKey,
    revision: options.revision ?? KLAVIYO_REVISION,
    http: options.http,
    limiter,
    sleep: options.sleep,
    clock: options.clock,
    maxThrottleWaits: options.maxThrottleWaits ?? 3,
    maxThrottleWaitMs: options.maxThrottleWaitMs ?? 60_000,
  });
  const now = () => options.clock.now();
  const upsertContext = {
    transport,
    polling: { ...DEFAULT_POLLING, ...options.polling, sleep: options.sleep },
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    subscribeWithConsent: options.subscribeWithConsent,
    now,
    groupSize: options.groupSize ?? DEFAULT_GROUP_SIZE,
  };
  let started = false;

  return {
    kind: 'klaviyo',
    batchSize: options.batchSize ?? DEFAULT_LIMITS.maxProfilesPerJob,
    concurrency: 3, // a batch is a chain (look-ups → job → polls → events): overlap three, the shared limiter paces them
    async verify() {
      // The cheapest read there is; a wrong key answers 401, a key without list scopes 403.
      await transport.send({ method: 'GET', path: '/api/lists?page[size]=1', tier: 'L' });
    },
    ensureTarget: (target) => ensureKlaviyoList(transport, target),
    async apply(target, ops) {
      const upserts: { index: number; upsert: Upsert }[] = [];
      const removes: { index: number; remove: Remove }[] = [];
      ops.forEach((op, index) => {
        if (op.op === 'remove') removes.push({ index, remove: op });
        else upserts.push({ index, upsert: { kind: op.op, member: op.member, remoteId: op.op === 'update' ? op.remoteId : null } });
      });
      const outcomes: OperationOutcome[] = new Array(ops.length);
      if (upserts.length > 0) {
        const firstGroupSize = started ? undefined : (options.firstGroupSize ?? DEFAULT_FIRST_GROUP_SIZE);
        started = true;
        const done = await applyKlaviyoUpserts({ ...upsertContext, firstGroupSize }, target, upserts.map((u) => u.upsert));
        upserts.forEach((u, i) => { outcomes[u.index] = done[i] as OperationOutcome; });
      }
      if (removes.length > 0) {
        const done = await applyKlaviyoRemoves(transport, target, removes.map((r) => r.remove), now);
        removes.forEach((r, i) => { outcomes[r.index] = done[i] as OperationOutcome; });
      }
      return outcomes;
    },
  };
}

/** A limiter at Klaviyo's default tiers; share one per API key to pace several clients together. */
export function createKlaviyoRateLimiter(clock: Clock, sleep: (ms: number) => Promise<void>): RateLimiter {
  return createRateLimiter({ tiers: KLAVIYO_RATE_TIERS, clock, sleep });
}
