import { describe, expect, it } from 'vitest';
import { NO_TIME_DEPENDENCE, type TimeDependence } from '../../../server/segments/query/time-dependence.js';
import { computeProfileTraits } from '../../../server/segments/traits/compute-profile-traits.js';
import { computeRecheckAt } from '../../../server/segments/traits/compute-recheck-at.js';
import { DAY, HOUR, MINUTE, NOW, added, context, event, facts, order } from './trait-facts.js';
import { randomFacts, seededRandom } from './random-facts.js';

const td = (fields: Partial<TimeDependence>): TimeDependence => ({ ...NO_TIME_DEPENDENCE, ...fields });
const dayStart = (ms: number) => Math.floor(ms / DAY) * DAY;

describe('recheckAt', () => {
  it('is null when time alone can change nothing', () => {
    expect(computeProfileTraits(facts(), context(NOW)).recheckAt).toBeNull();
    expect(computeProfileTraits(facts({ events: [event('Page_Viewed', NOW - 31 * DAY, { sessionId: 's' })] }), context(NOW)).recheckAt).toBeNull();
    expect(computeProfileTraits(facts({ orders: [order('1', NOW - 5 * DAY)] }), context(NOW)).recheckAt).toBeNull();
  });

  it('names the instant the 30-day window changes funnel stage, friction or engagement', () => {
    const carting = [event('Cart_ItemAdded', NOW - 5 * DAY), event('Cart_ItemAdded', NOW - 3 * DAY), event('Product_Viewed', NOW - DAY)];
    const friction = [event('Element_DeadClicked', NOW - 10 * DAY)];
    const session = [event('Page_Viewed', NOW - 12 * DAY, { sessionId: 's' }), event('Page_Viewed', NOW - DAY, { sessionId: 's' })];
    const recheck = (events: ReturnType<typeof event>[]) => computeProfileTraits(facts({ events }), context(NOW)).recheckAt;
    // The stage stays CARTING until the latest cart add is 30 days old.
    expect(recheck(carting)).toBe(NOW + 27 * DAY);
    expect(recheck([...carting, ...friction])).toBe(NOW + 20 * DAY);
    // Engagement counts sessions started in the window: it moves when the session's start leaves it.
    expect(recheck([...carting, ...friction, ...session])).toBe(NOW + 18 * DAY);
    expect(recheck([event('Page_Viewed', NOW - 40 * DAY, { sessionId: 's' }), event('Page_Viewed', NOW - DAY, { sessionId: 's' })])).toBeNull();
    // A buyer's stage does not depend on the window.
    expect(computeProfileTraits(facts({ events: carting, orders: [order('1', NOW - 60 * DAY)] }), context(NOW)).recheckAt).toBeNull();
  });

  it('names the earlier of an abandonment falling due and the window', () => {
    const events = [added(NOW - 20 * MINUTE, '1', 1)];
    expect(computeProfileTraits(facts({ events }), context(NOW)).recheckAt).toBe(NOW + 40 * MINUTE);
    expect(computeProfileTraits(facts({ events }), context(NOW + 40 * MINUTE)).recheckAt).toBe(NOW - 20 * MINUTE + 30 * DAY);
  });

  it('adds the day offsets of date attributes and of events named by the segments', () => {
    const lastOrder = Date.UTC(2026, 4, 29, 15); // NOW is 2026-06-01T12:00Z
    const withOrder = facts({ orders: [order('1', lastOrder)] });
    expect(computeProfileTraits(withOrder, context(NOW, { timeDependence: td({ dayOffsets: [2, 7, 30], dateAttributes: ['last_order_at'] }) })).recheckAt)
      .toBe(Date.UTC(2026, 5, 5));
    expect(computeProfileTraits(withOrder, context(NOW, { timeDependence: td({ dayOffsets: [-1, 1], dateAttributes: ['last_order_at'] }) })).recheckAt).toBeNull();

    const views = [event('Product_Viewed', Date.UTC(2026, 4, 24, 10)), event('Product_Viewed', Date.UTC(2026, 4, 31, 20))];
    expect(computeProfileTraits(facts({ events: views }), context(NOW, { timeDependence: td({ dayOffsets: [1, 8], eventNames: ['Product_Viewed'] }) })).recheckAt)
      .toBe(Date.UTC(2026, 5, 8));
    // Without the segments' dependence only the 30-day window is left.
    expect(computeProfileTraits(facts({ events: views }), context(NOW)).recheckAt).toBe(Date.UTC(2026, 4, 31, 20) + 30 * DAY);
  });

  it('adds sequence deadlines, the derived events due now included, and absolute instants', () => {
    const viewed = [event('Product_Viewed', NOW - 30 * MINUTE)];
    expect(computeProfileTraits(facts({ events: viewed }), context(NOW, { timeDependence: td({ sequences: [{ name: 'Product_Viewed', withinMs: 2 * HOUR }] }) })).recheckAt)
      .toBe(NOW + 90 * MINUTE);
    const abandoned = [added(NOW - 3 * HOUR, '1', 1)];
    expect(computeProfileTraits(facts({ events: abandoned }), context(NOW, { timeDependence: td({ sequences: [{ name: 'Cart_Abandoned', withinMs: DAY }] }) })).recheckAt)
      .toBe(NOW - 2 * HOUR + DAY);
    expect(computeProfileTraits(facts(), context(NOW, { timeDependence: td({ absoluteInstants: [NOW - 1, NOW, NOW + 5 * DAY] }) })).recheckAt).toBe(NOW + 5 * DAY);
  });

  it('finds the same instant as trying every event and every offset, on thousands of events', () => {
    const rng = seededRandom(11);
    for (let round = 0; round < 20; round++) {
      const names = ['A_Done', 'B_Done', 'C_Done'];
      const membershipEvents = Array.from({ length: round === 0 ? 5_000 : rng.int(0, 300) }, () =>
        ({ name: rng.pick(names), occurredAt: NOW - rng.int(0, 400 * 24) * HOUR + rng.int(0, HOUR) }));
      const dependence = td({
        dayOffsets: Array.from({ length: round === 0 ? 400 : rng.int(0, 12) }, () => rng.int(-30, 400)),
        eventNames: names.filter(() => rng.next() < 0.5),
        sequences: [{ name: rng.pick(names), withinMs: rng.int(1, 48) * HOUR }],
      });
      const nowMs = NOW + rng.int(-5 * 24, 5 * 24) * HOUR;
      const got = computeRecheckAt({
        nowMs, recentActivityChangesAt: null, membershipEvents: [membershipEvents], abandonedAts: [], timeDependence: dependence,
        traits: computeProfileTraits(facts(), context(nowMs)).traits,
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
        const at = (t: number) => computeProfileTraits(f, context(t, { abandonmentWindowMs: windowMs }));
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
