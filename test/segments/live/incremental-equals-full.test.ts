import { afterEach, describe, expect, it } from 'vitest';
import { SEGMENT_TEMPLATES } from '../../../server/segments/templates/segment-templates.js';
import type { StoredEvent } from '../../../server/ingest/stored-event.js';
import { createSegmentWorld, DAY, HOUR, shopperEvent, type SegmentWorld } from './segment-world.js';

/** sfc32: a small seeded generator, so a failing seed can be replayed. */
function random(seed: number) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  return () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (c << 21) | (c >>> 11); d = (d + 1) | 0;
    const r = (t + d) | 0; c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
}

const EXTRA_QUERIES = [
  "shopper_events MATCHES (name = 'Checkout_Started', not_followed_by = 'Checkout_Completed', within = 1h, date >= -7d)",
  "shopper_events MATCHES (name = 'Product_Viewed', date >= -2d, count <= 1)",
  "shopper_events NOT MATCHES (name = 'Page_Viewed', date >= -1d) AND sessions >= 1",
  "funnel_stage = 'CARTING' OR funnel_stage = 'CHECKING_OUT'",
  'last_order_date >= -3d AND number_of_orders >= 1',
  'friction_score >= 3',
];

const START = Date.UTC(2026, 9, 1, 8, 0, 0);
let world: SegmentWorld | undefined;
afterEach(() => { world?.close(); world = undefined; });

function snapshot(w: SegmentWorld, ids: number[]) {
  return {
    members: Object.fromEntries(ids.map((id) => [id, w.members(id)])),
    traits: w.db.prepare('SELECT * FROM profile_traits ORDER BY profile_id').all().map((row) => ({ ...(row as object), computed_at: 0 })),
  };
}

/** Random shoppers doing random things over two weeks, with late events, merges, purchases and cancelled ones. */
function randomStep(rnd: () => number, now: number, step: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  const n = 1 + Math.floor(rnd() * 6);
  for (let i = 0; i < n; i++) {
    const v = `v${Math.floor(rnd() * 25)}`;
    // Some events arrive late (up to 3 hours after they happened).
    const at = now - Math.floor(rnd() < 0.2 ? rnd() * 3 * HOUR : rnd() * 60_000);
    const device = rnd() < 0.6 ? 'mobile' : rnd() < 0.8 ? 'desktop' : 'tablet';
    const session = `${v}-${Math.floor(at / (2 * HOUR))}`;
    const cartToken = `cart-${v}-${Math.floor(at / (3 * DAY))}`;
    const checkoutToken = `co-${v}-${Math.floor(at / DAY)}`;
    const x = { device, session } as const;
    const r = rnd();
    if (r < 0.3) events.push(shopperEvent(v, 'Product_Viewed', at, { productId: String(Math.floor(rnd() * 5)) }, x));
    else if (r < 0.4) events.push(shopperEvent(v, 'Page_Viewed', at, {}, x));
    else if (r < 0.55) events.push(shopperEvent(v, 'Cart_ItemAdded', at, { productId: '1', variantId: String(10 + Math.floor(rnd() * 3)), quantity: 1 + Math.floor(rnd() * 2), price: 20 }, { ...x, cartToken }));
    else if (r < 0.6) events.push(shopperEvent(v, 'Cart_ItemRemoved', at, { productId: '1', variantId: '10', quantity: 1, price: 20 }, { ...x, cartToken }));
    else if (r < 0.7) events.push(shopperEvent(v, 'Checkout_Started', at, { total: 40, currency: 'USD', itemCount: 2 }, { ...x, checkoutToken, cartToken }));
    else if (r < 0.78) events.push(shopperEvent(v, 'Checkout_Completed', at, { orderId: `o-${step}-${i}`, total: 10 + Math.floor(rnd() * 200), currency: 'USD' }, { ...x, checkoutToken }));
    else if (r < 0.86) events.push(shopperEvent(v, ['Element_RageClicked', 'Element_DeadClicked', 'Page_UTurned'][Math.floor(rnd() * 3)]!, at,
      r < 0.8 ? { selector: 'button', clicks: 3 } : r < 0.83 ? { selector: 'a' } : { dwellMs: 1000 }, x));
    else if (r < 0.93) events.push(shopperEvent(v, 'Customer_Identified', at, {}, { ...x, identifiers: [{ kind: 'customer', value: `cust-${Math.floor(rnd() * 8)}` }] }));
    else events.push(shopperEvent(v, 'Collection_Viewed', at, {}, x));
  }
  return events;
}

describe('live membership: incremental processing equals a full recompute', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`agrees at every checkpoint (seed ${seed})`, () => {
      const rnd = random(seed);
      const w = (world = createSegmentWorld(START));
      const ids = [...SEGMENT_TEMPLATES.map((t) => t.query), ...EXTRA_QUERIES].map((q, i) => w.addSegment(`s${i}`, q));
      let checkpoints = 0;
      let changesSeen = 0;
      for (let step = 0; step < 160; step++) {
        // Mostly minutes apart, sometimes hours, sometimes days: windows and abandonment come due in between.
        const r = rnd();
        w.clock.advance(r < 0.6 ? Math.floor(rnd() * 20 * 60_000) : r < 0.9 ? Math.floor(rnd() * 6 * HOUR) : Math.floor(rnd() * 3 * DAY));
        if (rnd() < 0.7) w.send(randomStep(rnd, w.clock.now(), step));
        w.engine.drain();
        if (step % 20 === 19) {
          const before = snapshot(w, ids);
          changesSeen += Object.values(before.members).reduce((n, m) => n + m.length, 0);
          const { changes } = w.engine.recomputeShop(w.shopId);
          expect(changes, `full recompute changed memberships at step ${step}`).toBe(0);
          expect(snapshot(w, ids)).toEqual(before);
          checkpoints++;
        }
      }
      expect(checkpoints).toBe(8);
      // The streams must exercise the segments, or agreement would prove nothing.
      expect(changesSeen).toBeGreaterThan(50);
      const reasons = w.db.prepare('SELECT DISTINCT reason FROM segment_membership_log ORDER BY reason').pluck().all();
      expect(reasons).toEqual(expect.arrayContaining(['live', 'time', 'merge']));
    });
  }
});
