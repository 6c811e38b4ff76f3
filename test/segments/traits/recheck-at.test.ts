import { describe, expect, it } from 'vitest';
import { NO_TIME_DEPENDENCE, type TimeDependence } from '../../../server/segments/query/time-dependence.js';
import { computeRecheckAt } from '../../../server/segments/traits/compute-recheck-at.js';
import type { FactViewGroup } from '../../../server/segments/traits/profile-facts.js';
import { DAY, HOUR, MINUTE, NOW, added, compute, context, event, facts, order } from './trait-facts.js';
import { randomFacts, seededRandom } from './random-facts.js';

const td = (fields: Partial<TimeDependence>): TimeDependence => ({ ...NO_TIME_DEPENDENCE, ...fields });
const dayStart = (ms: number) => Math.floor(ms / DAY) * DAY;

describe('recheckAt', () => {
  it('is null when time alone can change nothing', () => {
    expect(compute(facts(), context(NOW)).recheckAt).toBeNull();
    expect(compute(facts({ events: [event('Page_Viewed', NOW - 31 * DAY, { sessionId: 's' })] }), context(NOW)).recheckAt).toBeNull();
    expect(compute(facts({ orders: [order('1', NOW - 5 * DAY)] }), context(NOW)).recheckAt).toBeNull();
  });

  it('names the instant the 30-day window changes funnel stage, friction or engagement', () => {
    const carting = [event('Cart_ItemAdded', NOW - 5 * DAY), event('Cart_ItemAdded', NOW - 3 * DAY), event('Product_Viewed', NOW - DAY)];
    const friction = [event('Element_DeadClicked', NOW - 10 * DAY)];
    const session = [event('Page_Viewed', NOW - 12 * DAY, { sessionId: 's' }), event('Page_Viewed', NOW - DAY, { sessionId: 's' })];
    const recheck = (events: ReturnType<typeof event>[]) => compute(facts({ events }), context(NOW)).recheckAt;
    // The stage stays CARTING until the latest cart add is 30 days old.
    expect(recheck(carting)).toBe(NOW + 27 * DAY);
    expect(recheck([...carting, ...friction])).toBe(NOW + 20 * DAY);
    // Engagement counts sessions started in the window: it moves when the session's start leaves it.
    expect(recheck([...carting, ...friction, ...session])).toBe(NOW + 18 * DAY);
    expect(recheck([event('Page_Viewed', NOW - 40 * DAY, { sessionId: 's' }), event('Page_Viewed', NOW - DAY, { sessionId: 's' })])).toBeNull();
    // A buyer's stage does not depend on the window.
    expect(compute(facts({ events: carting, orders: [order('1', NOW - 60 * DAY)] }), context(NOW)).recheckAt).toBeNull();
  });

  it('names the earlier of an abandonment falling due and the window', () => {
    const events = [added(NOW - 20 * MINUTE, '1', 1)];
    expect(compute(facts({ events }), context(NOW)).recheckAt).toBe(NOW + 40 * MINUTE);
    expect(compute(facts({ events }), context(NOW + 40 * MINUTE)).recheckAt).toBe(NOW - 20 * MINUTE + 30 * DAY);
  });

  it('adds the day offsets of date attributes and of events named by the segments', () => {
    const lastOrder = Date.UTC(2026, 4, 29, 15); // NOW is 2026-06-01T12:00Z
    const withOrder = facts({ orders: [order('1', lastOrder)] });
    expect(compute(withOrder, context(NOW, { timeDependence: td({ dayOffsets: [2, 7, 30], dateAttributes: ['last_order_at'] }) })).recheckAt)
      .toBe(Date.UTC(2026, 5, 5));
    expect(compute(withOrder, context(NOW, { timeDependence: td({ dayOffsets: [-1, 1], dateAttributes: ['last_order_at'] }) })).recheckAt).toBeNull();

    const views = [event('Product_Viewed', Date.UTC(2026, 4, 24, 10)), event('Product_Viewed', Date.UTC(2026, 4, 31, 20))];
    expect(compute(facts({ events: views }), context(NOW, { timeDependence: td({ dayOffsets: [1, 8], eventNames: ['Product_Viewed'] }) })).recheckAt)
      .toBe(Date.UTC(2026, 5, 8));
    // Without the segments' dependence only the 30-day window is left.
    expect(compute(facts({ events: views }), context(NOW)).recheckAt).toBe(Date.UTC(2026, 4, 31, 20) + 30 * DAY);
  });

  it('adds sequence deadlines, the derived events due now included, and absolute instants', () => {
    const viewed = [event('Product_Viewed', NOW - 30 * MINUTE)];
    expect(compute(facts({ events: viewed }), context(NOW, { timeDependence: td({ sequences: [{ name: 'Product_Viewed', withinMs: 2 * HOUR }] }) })).recheckAt)
      .toBe(NOW + 90 * MINUTE);
    const abandoned = [added(NOW - 3 * HOUR, '1', 1)];
    expect(compute(facts({ events: abandoned }), context(NOW, { timeDependence: td({ sequences: [{ name: 'Cart_Abandoned', withinMs: DAY }] }) })).recheckAt)
      .toBe(NOW - 2 * HOUR + DAY);
    expect(compute(facts(), context(NOW, { timeDependence: td({ absoluteInstants: [NOW - 1, NOW, NOW + 5 * DAY] }) })).recheckAt).toBe(NOW + 5 * DAY);
  });

  it('finds the same instant as trying every event and every offset, on thousands of events, listed or grouped by day', () => {
    const rng = seededRandom(11);
    for (let round = 0; round < 200; round++) {
      const names = ['A_Done', 'B_Done', 'C_Done'];
      // From round 20 on, few events over a few days and small offsets: the earliest flip is one of few.
      const dense = round >= 20;
      const membershipEvents = Array.from({ length: round === 0 ? 5_000 : rng.int(0, dense ? 12 : 300) }, () =>
        ({ name: rng.pick(names), occurredAt: NOW - rng.int(0, (dense ? 4 : 400) * 24) * HOUR + rng.int(0, HOUR) }));
      const dependence = td({
        dayOffsets: Array.from({ length: round === 0 ? 400 : rng.int(0, dense ? 3 : 12) }, () => (dense ? rng.int(-2, 6) : rng.int(-30, 400))),
        eventNames: names.filter(() => rng.next() < 0.5),
        sequences: [{ name: rng.pick(names), withinMs: rng.int(1, 48) * HOUR }],
      });
      const nowMs = NOW + rng.int(-5 * 24, 5 * 24) * HOUR + (dense ? rng.int(0, HOUR) : 0);
      // Odd rounds give the events of names that head no sequence as day groups, as the loader does.
      const heads = new Set(dependence.sequences.map((q) => q.name));
      const groupIt = (e: { name: string }) => round % 2 === 1 && !heads.has(e.name);
      const byDay = new Map<string, FactViewGroup>();
      for (const e of membershipEvents.filter(groupIt)) {
        const day = Math.floor(e.occurredAt / DAY);
        const g = byDay.get(`${e.name}/${day}`);
        if (g) Object.assign(g, { count: g.count + 1, firstAt: Math.min(g.firstAt, e.occurredAt), lastAt: Math.max(g.lastAt, e.occurredAt) });
        else byDay.set(`${e.name}/${day}`, { name: e.name, sessionId: null, device: 'unknown', day, count: 1, firstAt: e.occurredAt, lastAt: e.occurredAt });
      }
      const viewGroups = [...byDay.values()];
      const got = computeRecheckAt({
        nowMs, recentActivityChangesAt: null, membershipEvents: [membershipEvents.filter((e) => !groupIt(e))], viewGroups, abandonments: [[]],
        timeDependence: dependence, traits: compute(facts(), context(nowMs)).traits,
      });
      const candidates = [
        ...membershipEvents.filter((e) => dependence.eventNames.includes(e.name))
          .flatMap((e) => dependence.dayOffsets.map((k) => dayStart(e.occurredAt) + k * DAY)),
        ...dependence.sequences.flatMap((s) => membershipEvents.filter((e) => e.name === s.name).map((e) => e.occurredAt + s.withinMs)),
      ].filter((t) => t > nowMs);
      expect(got).toBe(candidates.reduce<number | null>((min, t) => (min === null || t < min ? t : min), null));
    }
  });

  it('property: between nowMs and recheckAt the traits and derived events never change', () => {
    const rng = seededRandom(20260601);
    for (let round = 0; round < 300; round++) {
      const f = randomFacts(rng);
      const windowMs = rng.pick([30 * MINUTE, HOUR, 2 * HOUR]);
      let nowMs = NOW - rng.int(0, 45 * 24) * HOUR + rng.int(0, HOUR);
      // Walk from one recheck instant to the next, checking inside each interval.
      for (let step = 0; step < 6; step++) {
        const at = (t: number) => compute(f, context(t, { abandonmentWindowMs: windowMs }));
        const base = at(nowMs);
        const end = base.recheckAt ?? nowMs + 90 * DAY;
        if (base.recheckAt !== null) expect(base.recheckAt).toBeGreaterThan(nowMs);
        const probes = [nowMs + 1, end - 1, ...Array.from({ length: 4 }, () => nowMs + 1 + Math.floor(rng.next() * (end - nowMs - 1)))];
        for (const t of probes.filter((p) => p > nowMs && p < end)) {
          const later = at(t);
          expect(later.traits, `round ${round} step ${step} at ${t - nowMs} ms`).toEqual(base.traits);
          expect(later.derivedEvents).toEqual(base.derivedEvents);
        }
        if (base.recheckAt === null) break;
        nowMs = base.recheckAt;
      }
    }
  });
});
