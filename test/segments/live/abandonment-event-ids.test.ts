import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createEventQueries } from '../../../server/db/event-queries.js';
import { runMigrations } from '../../../server/db/run-migrations.js';
import { ABANDONMENT_ID_PREFIX } from '../../../server/segments/traits/abandonment.js';
import { createSegmentWorld, HOUR, shopperEvent, type SegmentWorld } from './segment-world.js';

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
let world: SegmentWorld | undefined;
afterEach(() => { world?.close(); world = undefined; });

const abandonmentIds = (w: SegmentWorld) =>
  w.db.prepare("SELECT event_id FROM events WHERE name IN ('Cart_Abandoned', 'Checkout_Abandoned') ORDER BY event_id").pluck().all() as string[];
const queued = (w: SegmentWorld) => w.db.prepare('SELECT profile_id FROM segment_dirty_profiles ORDER BY 1').pluck().all() as number[];

describe('abandonment event ids (migration 012)', () => {
  function abandonedCart(): SegmentWorld {
    const w = (world = createSegmentWorld(T0));
    w.addSegment('Cart abandoners', 'cart_abandoned_date >= -7d');
    // The id our tracker gives it: UUIDv7, the time first.
    const time = T0.toString(16).padStart(12, '0');
    const eventId = `${time.slice(0, 8)}-${time.slice(8)}-7abc-8def-0123456789ab`;
    w.send([{ ...shopperEvent('v1', 'Cart_ItemAdded', T0, { productId: '1', variantId: '11', quantity: 2, price: 25 }, { cartToken: 'c1' }), eventId }]);
    w.engine.drain();
    w.clock.set(T0 + 2 * HOUR);
    w.engine.drain();
    return w;
  }

  it('gives abandonments ids of their own range, after every client id, and keeps their time order', () => {
    const w = abandonedCart();
    const [id] = abandonmentIds(w);
    expect(id).toMatch(/^f[0-9a-f]{7}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ABANDONMENT_ID_PREFIX).toBe('f');
    // The time follows the prefix: T0 + 1 h, 11 hex digits.
    expect(id!.replace(/-/g, '').slice(1, 12)).toBe((T0 + HOUR).toString(16).padStart(11, '0'));
    const [client] = w.db.prepare("SELECT event_id FROM events WHERE source = 'storefront'").pluck().all() as string[];
    expect(client! < id!).toBe(true);
  });

  it('moves ids stored before into the range, so the engine derives the same id and stores nothing twice', () => {
    const w = abandonedCart();
    const [id] = abandonmentIds(w);
    // The database as it was before the migration: the time's leading 0 in front, the migration not applied.
    w.db.exec(`UPDATE events SET event_id = '0' || substr(event_id, 2) WHERE name = 'Cart_Abandoned';
      DELETE FROM schema_migrations WHERE id = 12;`);
    expect(abandonmentIds(w)).toEqual([`0${id!.slice(1)}`]);

    expect(runMigrations(w.db)).toEqual([12]);
    expect(abandonmentIds(w)).toEqual([id]);
    expect(w.engine.recomputeShop(w.shopId).profiles).toBe(1);
    expect(abandonmentIds(w)).toEqual([id]);
  });

  it('queues the profile of a stored event, but not of an abandonment (the engine stores it while computing that profile)', () => {
    const w = abandonedCart();
    const profile = w.profileOf('v1');
    expect(queued(w)).toEqual([]);
    const events = createEventQueries(w.db);
    const abandoned = { ...shopperEvent('v1', 'Cart_Abandoned', T0 + 5 * HOUR, { itemCount: 1, total: 25 }), source: 'server' as const };
    expect(events.insertIfNew(w.shopId, profile, abandoned)).toBe(true);
    expect(events.insertIfNew(w.shopId, profile, { ...abandoned, eventId: randomUUID(), name: 'Checkout_Abandoned' })).toBe(true);
    expect(queued(w)).toEqual([]);
    expect(events.insertIfNew(w.shopId, profile, shopperEvent('v1', 'Page_Viewed', T0 + 5 * HOUR))).toBe(true);
    expect(queued(w)).toEqual([profile]);
  });
});
