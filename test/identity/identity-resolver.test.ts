import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIdentityQueries } from '../../server/db/identity-queries.js';
import { cart, checkout, client, customer, email, openIdentityTestDb, visitor, type IdentityTestDb } from './identity-test-db.js';

const T0 = Date.UTC(2025, 0, 1);
const MIN = 60_000;

describe('identity resolver', () => {
  let t: IdentityTestDb;
  beforeEach(() => { t = openIdentityTestDb(); });
  afterEach(() => { t.close(); });

  it('creates a profile for unseen identifiers with first = last seen = the event time', () => {
    const p = t.track('e1', [visitor('v1'), client('c1'), email('  Ann@Example.COM ')], T0);
    expect(t.profiles()).toEqual([{ id: p, customerId: null, firstSeenAt: T0, lastSeenAt: T0 }]);
    expect(t.identifiersOf(p)).toEqual(['client:c1', 'email:ann@example.com', 'visitor:v1']);
    const firstSeen = t.db.prepare('SELECT DISTINCT first_seen_at FROM identifiers WHERE profile_id = ?').pluck().all(p);
    expect(firstSeen).toEqual([T0]);
  });

  it('attaches new identifiers to the one profile that already holds the others', () => {
    const p = t.track('e1', [visitor('v1')], T0);
    expect(t.track('e2', [visitor('v1'), cart('cart-1?key=secret')], T0 + MIN)).toBe(p);
    expect(t.track('e3', [cart('gid://shopify/Cart/cart-1'), checkout('ck-1')], T0 + 2 * MIN)).toBe(p);
    expect(t.identifiersOf(p)).toEqual(['cart:cart-1', 'checkout:ck-1', 'visitor:v1']);
    expect(t.profiles()).toEqual([{ id: p, customerId: null, firstSeenAt: T0, lastSeenAt: T0 + 2 * MIN }]);
    expect(t.eventsOf(p)).toEqual(['e1', 'e2', 'e3']);
  });

  it('moves a merged-away profile\'s Shopify records (orders, checkouts, customers) to the winner', () => {
    const phone = t.track('e1', [visitor('v-phone'), customer('7001')], T0);
    const laptop = t.track('e2', [visitor('v-laptop')], T0 + MIN);
    const shopId = t.db.prepare('SELECT shop_id FROM profiles WHERE id = ?').pluck().get(laptop) as number;
    t.db.prepare(`INSERT INTO orders (shop_id, order_id, profile_id, created_at, updated_at, received_at) VALUES (?, 'o1', ?, 0, 0, 0)`).run(shopId, laptop);
    t.db.prepare(`INSERT INTO checkouts (shop_id, token, profile_id, created_at, updated_at, received_at) VALUES (?, 'ck', ?, 0, 0, 0)`).run(shopId, laptop);
    // The laptop's visitor logs in as the phone's customer: the later profile joins the earlier one.
    expect(t.track('e3', [visitor('v-laptop'), customer('7001')], T0 + 2 * MIN)).toBe(phone);
    expect(t.db.prepare('SELECT profile_id FROM orders').pluck().all()).toEqual([phone]);
    expect(t.db.prepare('SELECT profile_id FROM checkouts').pluck().all()).toEqual([phone]);
  });

  it('joins two devices into one profile when the shopper logs in on both, keeping every event', () => {
    const phone = t.track('m1', [visitor('phone'), client('phone-client')], T0);
    t.track('m2', [visitor('phone')], T0 + MIN);
    const desktop = t.track('d1', [visitor('desktop')], T0 + 10 * MIN);
    expect(desktop).not.toBe(phone);
    expect(t.track('d2', [visitor('desktop'), customer('gid://shopify/Customer/42')], T0 + 11 * MIN)).toBe(desktop);
    const merged = t.track('m3', [visitor('phone'), customer('42')], T0 + 20 * MIN);

    // The customer's profile wins, so a customer's profile id never changes.
    expect(merged).toBe(desktop);
    expect(t.profiles()).toEqual([{ id: desktop, customerId: '42', firstSeenAt: T0, lastSeenAt: T0 + 20 * MIN }]);
    expect(t.identifiersOf(desktop)).toEqual(['client:phone-client', 'customer:42', 'visitor:desktop', 'visitor:phone']);
    expect(t.eventsOf(desktop)).toEqual(['d1', 'd2', 'm1', 'm2', 'm3']);
    expect(t.db.prepare('SELECT count(*) FROM events WHERE profile_id = ?').pluck().get(phone)).toBe(0);
    expect(t.db.prepare('SELECT winner_id AS winner, loser_id AS loser, via_kind AS via, merged_at AS at FROM profile_merges').all())
      .toEqual([{ winner: desktop, loser: phone, via: 'visitor', at: T0 + 20 * MIN }]);
  });

  it('stitches the docs/identity.md example to the same profile content in either arrival order', () => {
    const events = [
      { id: '1', identifiers: [visitor('P'), client('p1')], at: T0 },
      { id: '2', identifiers: [visitor('D')], at: T0 + MIN },
      { id: '3', identifiers: [visitor('D'), cart('c9')], at: T0 + 2 * MIN },
      { id: '4', identifiers: [visitor('D'), customer('42')], at: T0 + 3 * MIN },
      { id: '5', identifiers: [visitor('P'), customer('42')], at: T0 + 4 * MIN },
    ];
    const expected = [['cart:c9', 'client:p1', 'customer:42', 'visitor:D', 'visitor:P']];
    for (const e of events) t.track(e.id, e.identifiers, e.at);
    expect(t.partition()).toEqual(expected);
    expect(t.db.prepare('SELECT via_kind FROM profile_merges').pluck().all()).toEqual(['visitor']);
    const late = openIdentityTestDb();
    try {
      for (const e of [events[0]!, events[1]!, events[2]!, events[4]!, events[3]!]) late.track(e.id, e.identifiers, e.at);
      expect(late.partition()).toEqual(expected);
      expect(late.profiles()).toEqual([{ id: late.profileOf('visitor', 'P'), customerId: '42', firstSeenAt: T0, lastSeenAt: T0 + 4 * MIN }]);
      expect(late.eventsOf(late.profileOf('visitor', 'P')!)).toEqual(['1', '2', '3', '4', '5']);
    } finally {
      late.close();
    }
  });

  it('merges anonymous profiles into the one seen first and folds first/last seen from events out of order', () => {
    const late = t.track('a', [visitor('v-late')], T0 + 60 * MIN);
    const early = t.track('b', [visitor('v-early')], T0 + 5 * MIN);
    // An event that happened before both arrives last and links them.
    const winner = t.track('c', [visitor('v-late'), visitor('v-early'), email('x@example.com')], T0);
    expect(winner).toBe(early);
    expect(t.profiles()).toEqual([{ id: early, customerId: null, firstSeenAt: T0, lastSeenAt: T0 + 60 * MIN }]);
    expect(t.eventsOf(early)).toEqual(['a', 'b', 'c']);
    expect(t.profileOf('visitor', 'v-late')).toBe(early);
    const lateFirstSeen = t.db.prepare("SELECT first_seen_at FROM identifiers WHERE value = 'v-late'").pluck().get();
    expect(lateFirstSeen).toBe(T0);
    expect(t.db.prepare('SELECT count(*) FROM profiles WHERE id = ?').pluck().get(late)).toBe(0);
  });

  it('merges three profiles at once and records one merge row per loser with the linking kind', () => {
    const a = t.track('a', [visitor('va')], T0);
    const b = t.track('b', [cart('cart-b')], T0 + MIN);
    const c = t.track('c', [email('c@example.com')], T0 + 2 * MIN);
    expect(t.track('d', [visitor('va'), cart('cart-b'), email('c@example.com')], T0 + 3 * MIN)).toBe(a);
    const merges = t.db.prepare('SELECT winner_id AS w, loser_id AS l, via_kind AS via FROM profile_merges ORDER BY l').all();
    expect(merges).toEqual([{ w: a, l: b, via: 'cart' }, { w: a, l: c, via: 'email' }]);
    expect(t.eventsOf(a)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('never merges two Shopify customers: the event goes to its own customer and weak identifiers stay put', () => {
    // A shared family computer: mum logs in, then her son logs in on the same browser.
    const mum = t.track('e1', [visitor('family-pc'), customer('100')], T0);
    const son = t.track('e2', [visitor('family-pc'), customer('200'), email('son@example.com')], T0 + MIN);
    expect(son).not.toBe(mum);
    expect(t.profiles().map((p) => [p.id, p.customerId])).toEqual([[mum, '100'], [son, '200']]);
    expect(t.profileOf('visitor', 'family-pc')).toBe(mum);
    expect(t.identifiersOf(son)).toEqual(['customer:200', 'email:son@example.com']);
    // Later son events link by his own customer id; nothing merges.
    expect(t.track('e3', [visitor('family-pc'), customer('200')], T0 + 2 * MIN)).toBe(son);
    expect(t.db.prepare('SELECT count(*) FROM profile_merges').pluck().get()).toBe(0);
    // Mum's span did not move for her son's events.
    expect(t.profiles().find((p) => p.id === mum)).toMatchObject({ firstSeenAt: T0, lastSeenAt: T0 });
    // An anonymous event that touches both customers goes to the owner of its strongest identifier.
    expect(t.track('e4', [visitor('family-pc'), email('son@example.com'), cart('new-cart')], T0 + 3 * MIN)).toBe(son);
    expect(t.profileOf('cart', 'new-cart')).toBe(son);
    expect(t.profiles()).toHaveLength(2);
  });

  it('leaves the anonymous history of a shared computer with whichever customer claimed it first (documented order dependence)', () => {
    const events = [
      { id: 'anon', identifiers: [visitor('family-pc')], at: T0 },
      { id: 'mum', identifiers: [visitor('family-pc'), customer('100')], at: T0 + MIN },
      { id: 'son', identifiers: [visitor('family-pc'), customer('200')], at: T0 + 2 * MIN },
    ];
    const holderOfSharedVisitor = (order: typeof events) => {
      const db = openIdentityTestDb();
      try {
        for (const e of order) db.track(e.id, e.identifiers, e.at);
        const holder = db.profileOf('visitor', 'family-pc')!;
        // Whatever the order: two customer profiles, each logged-in event on its own customer.
        expect(db.profiles().map((p) => p.customerId).sort()).toEqual(['100', '200']);
        expect(db.eventsOf(holder)).toContain('anon');
        return db.profiles().find((p) => p.id === holder)!.customerId;
      } finally {
        db.close();
      }
    };
    expect(holderOfSharedVisitor(events)).toBe('100');
    expect(holderOfSharedVisitor([events[0]!, events[2]!, events[1]!])).toBe('200');
  });

  it('is idempotent: resolving the same identifiers again changes nothing', () => {
    const ids = [visitor('v1'), client('c1'), customer('7')];
    const p = t.track('e1', ids, T0);
    t.track('e2', [visitor('v2'), client('c1')], T0 + MIN);
    const snapshot = () => ({
      profiles: t.profiles(),
      identifiers: t.db.prepare('SELECT * FROM identifiers ORDER BY kind, value').all(),
      merges: t.db.prepare('SELECT * FROM profile_merges').all(),
    });
    const before = snapshot();
    const changesBefore = t.db.prepare('SELECT total_changes()').pluck().get() as number;
    const again = t.db.transaction(() => [t.resolver.resolve(t.shopId, ids, T0), t.resolver.resolve(t.shopId, ids, T0 + MIN)]);
    expect(again()).toEqual([p, p]);
    expect(snapshot()).toEqual(before);
    // The hot path does not even rewrite an unchanged row.
    expect(t.db.prepare('SELECT total_changes()').pluck().get()).toBe(changesBefore);
  });

  it('never hands a merged-away profile id to a new shopper, and can say where an old id went', () => {
    const first = t.track('e1', [visitor('a')], T0);
    const second = t.track('e2', [visitor('b')], T0 + MIN);
    const third = t.track('e3', [visitor('c')], T0 + 2 * MIN);
    // The highest ids are merged away: SQLite alone would hand them out again.
    t.track('e4', [visitor('b'), visitor('c')], T0 + 3 * MIN);
    t.track('e5', [visitor('a'), visitor('b')], T0 + 4 * MIN);
    expect(t.profiles().map((p) => p.id)).toEqual([first]);
    const fresh = t.track('e6', [visitor('d')], T0 + 5 * MIN);
    expect(fresh).toBeGreaterThan(third);
    const queries = createIdentityQueries(t.db);
    expect([second, third, first, fresh].map(queries.currentProfileId)).toEqual([first, first, first, fresh]);
  });

  it('keeps shops apart and gives an event with no usable identifier its own profile', () => {
    const other = t.db.prepare("INSERT INTO shops (domain, ingest_key, created_at) VALUES ('other.myshopify.com', 'k2', 0)").run();
    const otherShop = Number(other.lastInsertRowid);
    const mine = t.track('e1', [visitor('same')], T0);
    const theirs = t.db.transaction(() => t.resolver.resolve(otherShop, [visitor('same')], T0))();
    expect(theirs).not.toBe(mine);
    const lone = t.track('e2', [visitor('  '), email('not-an-email'), visitor('undefined')], T0);
    expect(lone).not.toBe(mine);
    expect(t.identifiersOf(lone)).toEqual([]);
  });
});

describe('identity resolver, many events at once', () => {
  let t: IdentityTestDb;
  beforeEach(() => { t = openIdentityTestDb(); });
  afterEach(() => { t.close(); });

  it('returns each event profile as it stands after every merge in the batch', () => {
    const before = t.track('e0', [visitor('desktop')], T0);
    const ids = t.trackMany([
      { id: 'e1', identifiers: [visitor('phone')], at: T0 + 5 * MIN },
      { id: 'e2', identifiers: [visitor('phone'), client('phone-client')], at: T0 + 6 * MIN },
      { id: 'e3', identifiers: [visitor('tablet')], at: T0 + 7 * MIN },
      { id: 'e4', identifiers: [visitor('phone'), customer('42')], at: T0 + 8 * MIN },
      { id: 'e5', identifiers: [visitor('desktop'), visitor('tablet'), customer('42')], at: T0 + 1 * MIN },
      { id: 'e6', identifiers: [visitor('elsewhere')], at: T0 + 9 * MIN },
    ]);
    const [p1, p2, p3, p4, p5, p6] = ids;
    expect(new Set([p1, p2, p3, p4, p5])).toEqual(new Set([p4]));
    expect(p6).not.toBe(p4);
    expect(t.db.prepare('SELECT count(*) FROM profiles WHERE id = ?').pluck().get(before)).toBe(0);
    expect(t.eventsOf(p4!)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
    expect(t.profiles()).toEqual([
      { id: p4, customerId: '42', firstSeenAt: T0, lastSeenAt: T0 + 8 * MIN },
      { id: p6, customerId: null, firstSeenAt: T0 + 9 * MIN, lastSeenAt: T0 + 9 * MIN },
    ]);
  });

  it('writes a profile once for a burst of events from one shopper and keeps the exact span', () => {
    const p = t.track('e0', [visitor('v'), client('c')], T0 + 10 * MIN);
    const changesBefore = t.db.prepare('SELECT total_changes()').pluck().get() as number;
    const burst = Array.from({ length: 50 }, (_, i) => ({ id: `b${i}`, identifiers: [visitor('v'), client('c')], at: T0 + (i % 2 ? 20 + i : -i) * MIN }));
    expect(new Set(t.trackMany(burst))).toEqual(new Set([p]));
    // 50 event rows, one profile update, one identifier first-seen update per identifier seen earlier.
    expect((t.db.prepare('SELECT total_changes()').pluck().get() as number) - changesBefore).toBe(50 + 1 + 2);
    expect(t.profiles()).toEqual([{ id: p, customerId: null, firstSeenAt: T0 - 48 * MIN, lastSeenAt: T0 + 69 * MIN }]);
  });
});
