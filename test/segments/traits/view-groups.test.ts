import { describe, expect, it } from 'vitest';
import { NO_TIME_DEPENDENCE, type TimeDependence } from '../../../server/segments/query/time-dependence.js';
import {
  computeProfileTraits, GROUPABLE_EVENT_NAMES, groupedEventNames, PROPERTY_EVENT_NAMES,
} from '../../../server/segments/traits/compute-profile-traits.js';
import { groupViewEvents } from '../../../server/segments/traits/group-view-events.js';
import type { FactDevice } from '../../../server/segments/traits/profile-facts.js';
import { VIEW_EVENT_NAMES } from '../../../server/segments/traits/summarize-activity.js';
import { randomFacts, seededRandom, type Random } from './random-facts.js';
import { DAY, HOUR, MINUTE, NOW, added, compute, context, event, facts, grouped } from './trait-facts.js';

const td = (fields: Partial<TimeDependence>): TimeDependence => ({ ...NO_TIME_DEPENDENCE, ...fields });
const MIDNIGHT = Date.UTC(2026, 5, 1);

describe('grouped event names', () => {
  it('groups the four page-like views, never an event whose properties or cart token a trait reads', () => {
    expect(GROUPABLE_EVENT_NAMES).toEqual(['Page_Viewed', 'Product_Viewed', 'Collection_Viewed', 'Search_Submitted']);
    for (const name of GROUPABLE_EVENT_NAMES) {
      expect(VIEW_EVENT_NAMES.has(name), name).toBe(true); // summarizeActivity counts every group as views
      expect(PROPERTY_EVENT_NAMES).not.toContain(name);
    }
    expect(GROUPABLE_EVENT_NAMES).not.toContain('Cart_Viewed');
  });

  it('keeps the heads of sequences as events, whatever they are followed by', () => {
    expect(groupedEventNames(NO_TIME_DEPENDENCE)).toEqual(GROUPABLE_EVENT_NAMES);
    const sequences = [{ name: 'Product_Viewed', withinMs: HOUR }, { name: 'Checkout_Started', withinMs: HOUR }, { name: 'Product_Viewed', withinMs: DAY }];
    expect(groupedEventNames(td({ sequences, eventNames: ['Page_Viewed'] }))).toEqual(['Page_Viewed', 'Collection_Viewed', 'Search_Submitted']);
  });
});

describe('groupViewEvents', () => {
  it('counts the events of a name per session, device and UTC day, sorted like the loader, and keeps the rest in order', () => {
    const events = [
      event('Page_Viewed', MIDNIGHT - 2, { sessionId: 'b', device: 'mobile' }),
      event('Page_Viewed', MIDNIGHT - 1, { sessionId: 'b', device: 'mobile' }),
      event('Cart_ItemAdded', MIDNIGHT - 1, { sessionId: 'b' }),
      event('Page_Viewed', MIDNIGHT, { sessionId: 'b', device: 'mobile' }), // next UTC day: another group
      event('Page_Viewed', MIDNIGHT, { sessionId: 'a', device: 'mobile' }),
      event('Page_Viewed', MIDNIGHT, { sessionId: null, device: 'mobile' }),
      event('Product_Viewed', MIDNIGHT, { sessionId: 'a', device: 'desktop' }),
      event('Product_Viewed', MIDNIGHT + 5, { sessionId: 'a', device: 'mobile' }),
      event('Product_Viewed', MIDNIGHT + 9, { sessionId: 'a', device: 'desktop' }),
      event('Cart_Viewed', MIDNIGHT + 9, { sessionId: 'a' }),
    ];
    const { events: kept, viewGroups } = groupViewEvents(events, ['Page_Viewed', 'Product_Viewed']);
    expect(kept.map((e) => e.name)).toEqual(['Cart_ItemAdded', 'Cart_Viewed']);
    const day = MIDNIGHT / DAY;
    expect(viewGroups).toEqual([
      { name: 'Page_Viewed', sessionId: 'b', device: 'mobile', day: day - 1, count: 2, firstAt: MIDNIGHT - 2, lastAt: MIDNIGHT - 1 },
      { name: 'Page_Viewed', sessionId: null, device: 'mobile', day, count: 1, firstAt: MIDNIGHT, lastAt: MIDNIGHT },
      { name: 'Page_Viewed', sessionId: 'a', device: 'mobile', day, count: 1, firstAt: MIDNIGHT, lastAt: MIDNIGHT },
      { name: 'Page_Viewed', sessionId: 'b', device: 'mobile', day, count: 1, firstAt: MIDNIGHT, lastAt: MIDNIGHT },
      { name: 'Product_Viewed', sessionId: 'a', device: 'desktop', day, count: 2, firstAt: MIDNIGHT, lastAt: MIDNIGHT + 9 },
      { name: 'Product_Viewed', sessionId: 'a', device: 'mobile', day, count: 1, firstAt: MIDNIGHT + 5, lastAt: MIDNIGHT + 5 },
    ]);
  });
});

describe('traits from view groups', () => {
  it('reads counts, sessions, devices and times from groups as from the events they count', () => {
    const views = [
      event('Page_Viewed', NOW - 3 * DAY, { sessionId: 'a', device: 'tablet' }),
      event('Product_Viewed', NOW - 3 * DAY + MINUTE, { sessionId: 'a', device: 'desktop' }),
      event('Product_Viewed', NOW - 2 * DAY, { sessionId: 'b', device: 'mobile' }),
      event('Search_Submitted', NOW - 2 * DAY + MINUTE, { sessionId: 'b', device: 'mobile' }),
      event('Collection_Viewed', NOW - 40 * DAY, { sessionId: 'c', device: 'mobile' }),
    ];
    const f = grouped(facts({ events: views, firstSeenAt: NOW - 10 * DAY, lastSeenAt: NOW - 10 * DAY }));
    expect(f.events).toEqual([]);
    expect(computeProfileTraits(f, context(NOW)).traits).toMatchObject({
      firstSeenAt: NOW - 40 * DAY, lastSeenAt: NOW - 2 * DAY + MINUTE, productViews: 2, sessions: 3,
      deviceMix: { mobile: 2, tablet: 1, desktop: 0, unknown: 0 }, primaryDevice: 'MOBILE', devicesUsed: 2,
      funnelStage: 'CONSIDERING', engagementDepth: 2,
    });
  });

  it('keeps many interleaved sessions apart', () => {
    const devices: FactDevice[] = ['mobile', 'tablet', 'desktop'];
    const events = Array.from({ length: 60 }, (_, i) =>
      event(i % 2 === 0 ? 'Page_Viewed' : 'Cart_Viewed', NOW - 20 * DAY + i * HOUR, { sessionId: `s${(i * 7) % 12}`, device: devices[i % 3]! }));
    expect(compute(facts({ events }), context(NOW)).traits).toMatchObject({
      sessions: 12, deviceMix: { mobile: 4, tablet: 4, desktop: 4, unknown: 0 }, engagementDepth: 5,
    });
  });

  it("gives a session the device of its first event, and at the same millisecond the alphabetically first device", () => {
    const deviceOf = (devices: FactDevice[], name = 'Page_Viewed') => {
      const events = devices.map((device) => event(name, NOW - DAY, { sessionId: 's', device }));
      return compute(facts({ events: [...events, event('Page_Viewed', NOW - DAY + 1, { sessionId: 's', device: 'unknown' })] }), context(NOW)).traits.deviceMix;
    };
    expect(deviceOf(['tablet', 'mobile'])).toEqual({ mobile: 1, tablet: 0, desktop: 0, unknown: 0 });
    expect(deviceOf(['unknown', 'tablet'])).toEqual({ mobile: 0, tablet: 1, desktop: 0, unknown: 0 });
    expect(deviceOf(['tablet', 'desktop', 'mobile'])).toEqual({ mobile: 0, tablet: 0, desktop: 1, unknown: 0 });
    // A raw event and a group at the same millisecond follow the same rule.
    const mixed = [event('Cart_Viewed', NOW - DAY, { sessionId: 's', device: 'tablet' }), event('Page_Viewed', NOW - DAY, { sessionId: 's', device: 'mobile' })];
    expect(compute(facts({ events: mixed }), context(NOW)).traits.deviceMix).toEqual({ mobile: 1, tablet: 0, desktop: 0, unknown: 0 });
  });

  it('breaks a primary device tie by the latest session end, then alphabetically', () => {
    const sessions = (mobileEnd: number, tabletEnd: number) => [
      event('Page_Viewed', NOW - 2 * DAY, { sessionId: 'm', device: 'mobile' }), event('Page_Viewed', mobileEnd, { sessionId: 'm', device: 'mobile' }),
      event('Page_Viewed', NOW - 2 * DAY, { sessionId: 't', device: 'tablet' }), event('Page_Viewed', tabletEnd, { sessionId: 't', device: 'tablet' }),
    ];
    const primary = (mobileEnd: number, tabletEnd: number) => compute(facts({ events: sessions(mobileEnd, tabletEnd) }), context(NOW)).traits.primaryDevice;
    expect(primary(NOW - DAY, NOW - DAY - 1)).toBe('MOBILE');
    expect(primary(NOW - DAY - 1, NOW - DAY)).toBe('TABLET');
    expect(primary(NOW - DAY, NOW - DAY)).toBe('MOBILE');
  });

  it('assigns token-less cart events by the tokens of events, not of grouped views', () => {
    const events = [
      added(NOW - 3 * HOUR, '111', 1, { cartToken: null }),
      event('Page_Viewed', NOW - 2 * HOUR, { sessionId: 's1', cartToken: 'cart-from-view' }),
    ];
    expect(compute(facts({ events }), context(NOW)).derivedEvents[0]).toMatchObject({ cartToken: null });
    const viewed = [...events, event('Cart_Viewed', NOW - 2 * HOUR, { sessionId: 's1', cartToken: 'cart-from-cart-view' })];
    expect(compute(facts({ events: viewed }), context(NOW)).derivedEvents[0]).toMatchObject({ cartToken: 'cart-from-cart-view' });
  });

  it('counts a day of a grouped name once for the segments’ day offsets, and keeps sequence heads exact', () => {
    const views = [event('Product_Viewed', MIDNIGHT - 5 * DAY + HOUR), event('Product_Viewed', MIDNIGHT - 5 * DAY + 20 * HOUR), event('Product_Viewed', NOW - HOUR)];
    const days = td({ dayOffsets: [6, 8], eventNames: ['Product_Viewed'] });
    expect(compute(facts({ events: views }), context(NOW, { timeDependence: days })).recheckAt).toBe(MIDNIGHT + DAY);
    const sequence = td({ sequences: [{ name: 'Product_Viewed', withinMs: 2 * HOUR }] });
    expect(grouped(facts({ events: views }), sequence).events).toHaveLength(3);
    expect(compute(facts({ events: views }), context(NOW, { timeDependence: sequence })).recheckAt).toBe(NOW + HOUR);
  });

  it('rechecks at once for a group of a sequence head, which the loader should never send', () => {
    const sequence = td({ sequences: [{ name: 'Page_Viewed', withinMs: 2 * HOUR }] });
    const views = (times: number[]) => grouped(facts({ events: times.map((t) => event('Page_Viewed', t)) }));
    // The first event of the group is exact; a later one may fall due at any moment.
    expect(computeProfileTraits(views([NOW - HOUR, NOW - 30 * MINUTE]), context(NOW, { timeDependence: sequence })).recheckAt).toBe(NOW + HOUR);
    expect(computeProfileTraits(views([NOW - 3 * HOUR, NOW - HOUR]), context(NOW, { timeDependence: sequence })).recheckAt).toBe(NOW + 1);
    expect(computeProfileTraits(views([NOW - 4 * HOUR, NOW - 3 * HOUR]), context(NOW, { timeDependence: sequence })).recheckAt).toBeNull();
  });
});

const EVENT_NAMES = ['Page_Viewed', 'Product_Viewed', 'Collection_Viewed', 'Search_Submitted', 'Cart_Viewed', 'Cart_ItemAdded', 'Checkout_Started', 'Cart_Abandoned'];
const DATE_ATTRIBUTES = ['first_seen_at', 'last_seen_at', 'last_order_at', 'cart_abandoned_at', 'last_cart_activity_at'];

function randomDependence(rng: Random): TimeDependence {
  if (rng.next() < 0.2) return NO_TIME_DEPENDENCE;
  return td({
    dayOffsets: Array.from({ length: rng.int(0, 6) }, () => rng.int(-3, 45)),
    dateAttributes: DATE_ATTRIBUTES.filter(() => rng.next() < 0.3),
    eventNames: EVENT_NAMES.filter(() => rng.next() < 0.4),
    sequences: Array.from({ length: rng.int(0, 2) }, () => ({ name: rng.pick(EVENT_NAMES), withinMs: rng.pick([MINUTE, HOUR, DAY]) })),
    absoluteInstants: rng.next() < 0.2 ? [NOW + rng.int(-DAY, DAY)] : [],
  });
}

describe('property: raw and grouped facts give the same result', () => {
  it('for random profiles, random segment dependences and random instants, ties included', () => {
    const rng = seededRandom(5_2026);
    let sameMillisecondSessions = 0;
    for (let round = 0; round < 800; round++) {
      const raw = randomFacts(rng, { ties: round % 2 === 1 });
      const ctx = context(NOW + rng.int(-40 * 24, 5 * 24) * HOUR + rng.pick([0, 1, -1, rng.int(0, HOUR)]), {
        abandonmentWindowMs: rng.pick([30 * MINUTE, HOUR, 2 * HOUR]), timeDependence: randomDependence(rng),
      });
      const loaded = grouped(raw, ctx.timeDependence);
      const expected = computeProfileTraits(raw, ctx);
      expect(computeProfileTraits(loaded, ctx), `round ${round}`).toEqual(expected);
      // The order of the groups does not matter either.
      expect(computeProfileTraits({ ...loaded, viewGroups: [...loaded.viewGroups].reverse() }, ctx), `round ${round} reversed`).toEqual(expected);
      const firsts = new Map<string, Set<string>>();
      for (const e of raw.events) if (e.sessionId !== null) firsts.set(`${e.sessionId}@${e.occurredAt}`, (firsts.get(`${e.sessionId}@${e.occurredAt}`) ?? new Set()).add(e.device));
      if ([...firsts.values()].some((devices) => devices.size > 1)) sameMillisecondSessions += 1;
    }
    // The generator does reach the tie the rule is for.
    expect(sameMillisecondSessions).toBeGreaterThan(50);
  });
});
