import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/clock.js';
import type { SyncOperation } from '../../../server/destinations/destination-client.js';
import { createRateLimiter } from '../../../server/destinations/http/create-rate-limiter.js';
import { chunkByCountAndBytes } from '../../../server/destinations/klaviyo/chunk-by-count-and-bytes.js';
import { importJobBody } from '../../../server/destinations/klaviyo/klaviyo-bodies.js';
import { listEmails, member, startKlaviyoClientFixture, START, target, throttledCount } from './klaviyo-client-fixture.js';

type Fixture = Awaited<ReturnType<typeof startKlaviyoClientFixture>>;
const adds = (count: number): SyncOperation[] => Array.from({ length: count }, (_, i) => ({ op: 'add', member: member(i + 1) }));

describe('chunkByCountAndBytes', () => {
  it('cuts at the count and at the byte budget, keeping order, and sends an oversized item alone', () => {
    expect(chunkByCountAndBytes([1, 2, 3, 4, 5, 6, 7], () => 1, { maxCount: 3, maxBytes: 100 })).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(chunkByCountAndBytes([4, 4, 4, 9, 1], (n) => n, { maxCount: 10, maxBytes: 8 })).toEqual([[4, 4], [4], [9], [1]]);
    expect(chunkByCountAndBytes([], () => 1, { maxCount: 1, maxBytes: 1 })).toEqual([]);
  });
});

describe('createRateLimiter', () => {
  const tiers = { T: { burstPerSecond: 3, steadyPerMinute: 5 } };

  it('grants the burst at once, then paces by the second and by the minute (plus a margin)', async () => {
    const clock = fixedClock(0);
    const limiter = createRateLimiter({ tiers, clock, sleep: async (ms) => clock.advance(ms), marginMs: 25 });
    const granted: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const release = await limiter.acquire('T');
      granted.push(clock.now());
      release();
    }
    expect(granted).toEqual([0, 0, 0, 1025, 1025, 60_025, 60_025]);
  });

  it('counts a request until a window after its answer, so slow answers cannot crowd a window at the remote', async () => {
    const clock = fixedClock(0);
    const waits: number[] = [];
    const limiter = createRateLimiter({ tiers, clock, sleep: async (ms) => { waits.push(ms); clock.advance(ms); }, marginMs: 0 });
    const slots = await Promise.all([limiter.acquire('T'), limiter.acquire('T'), limiter.acquire('T')]);
    let fourthAt: number | null = null;
    const fourth = limiter.acquire('T').then((release) => { fourthAt = clock.now(); return release; });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fourthAt).toBeNull(); // all three still in flight: nothing can free a slot yet
    clock.advance(400);
    slots[0]?.();
    (await fourth)();
    expect([fourthAt, waits]).toEqual([1400, [1000]]);
    for (const release of slots.slice(1)) release();
  });

  it('falls back to real time when the clock does not follow its sleeps (a test app\'s frozen clock)', async () => {
    let real = 0;
    const waits: number[] = [];
    const limiter = createRateLimiter({
      tiers: { T: { burstPerSecond: 3, steadyPerMinute: 100 } }, clock: fixedClock(0), marginMs: 25,
      sleep: async (ms) => { waits.push(ms); real += ms; }, realNow: () => real,
    });
    for (let i = 0; i < 7; i += 1) (await limiter.acquire('T'))();
    // Frozen time would make every call after the third wait; real time lets each second's three go.
    expect(waits).toEqual([1025, 1025]);
  });

  // A real clock taken for frozen would count real time twice and let windows expire too soon (429s).
  it.each([
    // The event loop's cached time: the timer fires before either clock moved.
    ['a short timer fires early', 0],
    // Date.now has whole milliseconds: 0.6 ms of real time can pass without it moving.
    ['a 1 ms sleep ends before the millisecond clock ticks', 0.6],
  ])('does not take a real clock for frozen when %s', async (_case, firstSleepRealMs) => {
    const clock = fixedClock(0);
    let real = 0;
    let first = true;
    const waits: number[] = [];
    const limiter = createRateLimiter({
      tiers: { T: { burstPerSecond: 3, steadyPerMinute: 100 } }, clock, marginMs: 25, realNow: () => real,
      sleep: async (ms) => {
        waits.push(ms);
        if (first) { first = false; real += firstSleepRealMs; } else { clock.advance(ms); real += ms; }
      },
    });
    for (let i = 0; i < 3; i += 1) (await limiter.acquire('T'))();
    clock.advance(1024);
    real += 1024;
    for (let i = 0; i < 7; i += 1) (await limiter.acquire('T'))();
    // Three per 1,025 ms, still: each second's first call waits for the slot of the one a window before it.
    expect(waits).toEqual([1, 1, 1024, 1, 1024]);
  });

  it('serves a high-priority request (a job step others wait on) before the normal ones already waiting', async () => {
    const clock = fixedClock(0);
    const limiter = createRateLimiter({ tiers: { T: { burstPerSecond: 1, steadyPerMinute: 100 } }, clock, sleep: async (ms) => clock.advance(ms), marginMs: 0 });
    const order: string[] = [];
    const first = await limiter.acquire('T');
    const granted = (name: string) => (release: () => void) => { order.push(`${name} at ${clock.now()}`); release(); };
    const waiting = [
      limiter.acquire('T').then(granted('normal 1')),
      limiter.acquire('T').then(granted('normal 2')),
      limiter.acquire('T', 'high').then(granted('high')),
    ];
    first();
    await Promise.all(waiting);
    expect(order).toEqual(['high at 1000', 'normal 1 at 2000', 'normal 2 at 3000']);
  });

  it('a frozen clock with a sleep that does not advance it never stalls', async () => {
    const limiter = createRateLimiter({ tiers, clock: fixedClock(0), sleep: async () => undefined });
    for (let i = 0; i < 20; i += 1) (await limiter.acquire('T'))();
  });
});

describe('Klaviyo client: chunking and pacing', () => {
  let f: Fixture;
  afterEach(async () => { await f.fake.close(); });

  it('splits imports by profile count', async () => {
    f = await startKlaviyoClientFixture({ client: { limits: { maxProfilesPerJob: 3 } } });
    const listId = await f.client.ensureTarget(target());
    const outcomes = await f.client.apply(target(listId), adds(7));
    expect(outcomes.every((o) => o.result === 'ok')).toBe(true);
    expect([...f.fake.state.jobs.values()].map((j) => j.profiles.length)).toEqual([3, 3, 1]);
    expect(listEmails(f.fake, listId)).toHaveLength(7);
  });

  it('splits imports by payload bytes, every job body within the budget', async () => {
    const maxJobBytes = 700;
    f = await startKlaviyoClientFixture({ client: { limits: { maxJobBytes } } });
    const listId = await f.client.ensureTarget(target());
    await f.client.apply(target(listId), adds(9));
    const jobs = [...f.fake.state.jobs.values()];
    expect(jobs.length).toBeGreaterThan(2);
    for (const job of jobs) expect(Buffer.byteLength(JSON.stringify(importJobBody(job.profiles as never, listId)))).toBeLessThanOrEqual(maxJobBytes);
    expect(jobs.flatMap((j) => j.profiles).length).toBe(9);
    expect(listEmails(f.fake, listId)).toHaveLength(9);
  });

  it('refuses a profile over the per-profile limit without sending it, and imports the rest', async () => {
    f = await startKlaviyoClientFixture();
    const listId = await f.client.ensureTarget(target());
    const huge = member(2, { properties: { ss_abandoned_checkout_url: `https://shop.test/${'x'.repeat(101 * 1024)}` } });
    const outcomes = await f.client.apply(target(listId), [{ op: 'add', member: member(1) }, { op: 'add', member: huge }]);
    expect(outcomes[1]).toMatchObject({ result: 'rejected', status: 400, code: 'profile_too_large' });
    expect(outcomes[1]).not.toHaveProperty('suppress');
    expect(listEmails(f.fake, listId)).toEqual(['shopper1@shop.test']);
  });

  it('sends events in bulk requests of at most 1,000 and looks profiles up 100 at a time', async () => {
    f = await startKlaviyoClientFixture();
    const listId = await f.client.ensureTarget(target());
    const outcomes = await f.client.apply(target(listId), adds(1001));
    expect(outcomes.filter((o) => o.result === 'ok')).toHaveLength(1001);
    const count = (path: string) => f.fake.state.requests.filter((r) => r.path === path).length;
    // Two imports: a client's first apply() imports its first 1,000 members as soon as they are looked up.
    expect([count('/api/event-bulk-create-jobs'), count('/api/profiles'), count('/api/profile-bulk-import-jobs')]).toEqual([2, 11, 2]);
    expect(f.fake.state.events).toHaveLength(1001);
    expect(throttledCount(f.fake)).toBe(0);
  });

  it('paces a long sync under the tier ceilings: no 429, and close to the ceiling', async () => {
    const tiers = { M: { burstPerSecond: 2, steadyPerMinute: 6 }, L: { burstPerSecond: 5, steadyPerMinute: 20 }, XL: { burstPerSecond: 10, steadyPerMinute: 100 } };
    f = await startKlaviyoClientFixture({ fake: { tiers } });
    const client = f.makeClient({ rateLimiter: createRateLimiter({ tiers, clock: f.clock, sleep: f.sleep }), limits: { maxProfilesPerJob: 2 } });
    const listId = await client.ensureTarget(target());
    const outcomes = await client.apply(target(listId), adds(12));
    expect(outcomes.every((o) => o.result === 'ok')).toBe(true);
    expect(throttledCount(f.fake)).toBe(0);
    const mediumCalls = f.fake.state.requests.filter((r) => r.path !== '/api/profiles' && !(r.method === 'GET' && r.path === '/api/lists'));
    // 1 list + 6 jobs × (create + 2 polls) + 1 event request = 20 M-tier calls at 6 per minute.
    expect(mediumCalls).toHaveLength(20);
    // At 6 per minute the 19th and 20th calls cannot go before minute 3; running at the ceiling means just after.
    const elapsedMinutes = (f.clock.now() - START) / 60_000;
    expect(elapsedMinutes).toBeGreaterThanOrEqual(3);
    expect(elapsedMinutes).toBeLessThan(3.2);
  });
});
