import { CHECKOUT_STEP_NAMES } from './checkout-abandonment.js';
import type { FactDevice, FactEvent, FactViewGroup } from './profile-facts.js';

/** Events a shopper sees a page or a list through: engagement is how many of them a session holds. */
export const VIEW_EVENT_NAMES: ReadonlySet<string> = new Set([
  'Page_Viewed', 'Product_Viewed', 'Collection_Viewed', 'Search_Submitted', 'Cart_Viewed',
]);

export interface SessionSummary {
  /** Time of the session's first event. */
  start: number;
  /**
   * The device of that first event: one session is one browser. Events at the same millisecond on two
   * devices cannot be ordered from groups, so the alphabetically first device wins, raw or grouped.
   */
  device: FactDevice;
  /** Time of its last event. */
  last: number;
  /** Its view events (VIEW_EVENT_NAMES). */
  views: number;
}

/** What the shopper's activity adds up to, shared by the trait modules so each reads it once. */
export interface ActivitySummary {
  /** Earliest and latest event time, groups included; null without any event. */
  firstAt: number | null;
  lastAt: number | null;
  productViews: number;
  cartAdds: number;
  lastCartActivityAt: number | null;
  /** Latest time of each funnel step, all time. */
  lastCheckoutStepAt: number | null;
  lastCartAddAt: number | null;
  lastProductViewAt: number | null;
  /** One per distinct session id, in no particular order. */
  sessions: SessionSummary[];
}

/**
 * One pass over the shopper's own events and the view groups. `events` holds no derived event and no
 * GROUPABLE_EVENT_NAMES (computeProfileTraits turns raw ones into groups first): a view-like event is
 * read from groups only, so the raw and the grouped shape of the same facts give the same summary.
 * Order-independent.
 */
export function summarizeActivity(events: readonly FactEvent[], groups: readonly FactViewGroup[]): ActivitySummary {
  const sessions = new Sessions();
  let firstAt = Infinity;
  let lastAt = -Infinity;
  let productViews = 0;
  let cartAdds = 0;
  let lastCartActivityAt = -Infinity;
  let lastCheckoutStepAt = -Infinity;
  let lastCartAddAt = -Infinity;
  let lastProductViewAt = -Infinity;
  for (const e of events) {
    const t = e.occurredAt;
    const name = e.name;
    if (t < firstAt) firstAt = t;
    if (t > lastAt) lastAt = t;
    if (name === 'Cart_ItemAdded') {
      cartAdds += 1;
      if (t > lastCartAddAt) lastCartAddAt = t;
      if (t > lastCartActivityAt) lastCartActivityAt = t;
    } else if (name === 'Cart_ItemRemoved') {
      if (t > lastCartActivityAt) lastCartActivityAt = t;
    } else if (t > lastCheckoutStepAt && CHECKOUT_STEP_NAMES.has(name)) {
      lastCheckoutStepAt = t;
    }
    if (e.sessionId !== null) sessions.add(e.sessionId, t, t, e.device, VIEW_EVENT_NAMES.has(name) ? 1 : 0);
  }
  for (const g of groups) {
    if (g.firstAt < firstAt) firstAt = g.firstAt;
    if (g.lastAt > lastAt) lastAt = g.lastAt;
    if (g.name === 'Product_Viewed') {
      productViews += g.count;
      if (g.lastAt > lastProductViewAt) lastProductViewAt = g.lastAt;
    }
    // Every grouped name is a view (GROUPABLE_EVENT_NAMES is a subset of VIEW_EVENT_NAMES, a test checks it).
    if (g.sessionId !== null) sessions.add(g.sessionId, g.firstAt, g.lastAt, g.device, g.count);
  }
  return {
    firstAt: orNull(firstAt),
    lastAt: orNull(lastAt),
    productViews,
    cartAdds,
    lastCartActivityAt: orNull(lastCartActivityAt),
    lastCheckoutStepAt: orNull(lastCheckoutStepAt),
    lastCartAddAt: orNull(lastCartAddAt),
    lastProductViewAt: orNull(lastProductViewAt),
    sessions: sessions.list,
  };
}

/**
 * Sessions by id. A profile has a few: a list searched from the session last touched (consecutive
 * events and groups mostly share one) costs less than hashing every id; a map takes over past 8.
 */
class Sessions {
  readonly list: SessionSummary[] = [];
  private readonly ids: string[] = [];
  private indexById: Map<string, number> | null = null;
  private lastIndex = -1;

  add(id: string, firstAt: number, lastAt: number, device: FactDevice, views: number): void {
    const i = this.indexOf(id);
    if (i < 0) {
      this.lastIndex = this.list.push({ start: firstAt, device, last: lastAt, views }) - 1;
      this.ids.push(id);
      this.indexById?.set(id, this.lastIndex);
      if (this.indexById === null && this.ids.length > 8) this.indexById = new Map(this.ids.map((sid, index) => [sid, index]));
      return;
    }
    const s = this.list[i]!;
    if (firstAt < s.start || (firstAt === s.start && device < s.device)) {
      s.start = firstAt;
      s.device = device;
    }
    if (lastAt > s.last) s.last = lastAt;
    s.views += views;
  }

  private indexOf(id: string): number {
    if (this.lastIndex >= 0 && this.ids[this.lastIndex] === id) return this.lastIndex;
    const i = this.indexById === null ? this.ids.indexOf(id) : (this.indexById.get(id) ?? -1);
    if (i >= 0) this.lastIndex = i;
    return i;
  }
}

const orNull = (t: number) => (Number.isFinite(t) ? t : null);
