import type { FactEvent } from './profile-facts.js';
import type { FunnelStage } from './profile-traits.js';
import type { ActivitySummary } from './summarize-activity.js';
import { RECENT_WINDOW_MS, isRecent } from './trait-time.js';

export interface RecentActivityTraits {
  funnelStage: FunnelStage;
  engagementDepth: number;
  frictionScore: number;
}

/**
 * Weights of the friction signals. A rage click (repeated clicks on one spot) is the plainest sign that
 * something failed the shopper; a u-turn (back within seconds) says the page did not deliver what the
 * link promised; a dead click (a click that changed nothing) is often harmless exploring.
 */
export const FRICTION_WEIGHTS: ReadonlyMap<string, number> = new Map([
  ['Element_RageClicked', 3],
  ['Page_UTurned', 2],
  ['Element_DeadClicked', 1],
]);

/**
 * Funnel stage, engagement depth and friction score over the last 30 days (isRecent), and `changesAt`:
 * the first instant the window alone changes one of them. Buyers are staged by their orders alone
 * (number_of_orders, Shopify's count included); others by the furthest step they took recently.
 * Engagement reads whole sessions, those started in the window, so it moves once per session, not once
 * per event, and a profile is rechecked that much less often. `events` are the shopper's own (friction).
 */
export function computeRecentActivityTraits(
  summary: ActivitySummary, events: readonly FactEvent[], numberOfOrders: number, nowMs: number,
): RecentActivityTraits & { changesAt: number | null } {
  let frictionScore = 0;
  let firstFriction = Infinity;
  for (const e of events) {
    const weight = FRICTION_WEIGHTS.get(e.name);
    if (weight === undefined || !isRecent(e.occurredAt, nowMs)) continue;
    frictionScore += weight;
    if (e.occurredAt < firstFriction) firstFriction = e.occurredAt;
  }
  let views = 0;
  let recentSessions = 0;
  let firstSession = Infinity;
  for (const s of summary.sessions) {
    if (!isRecent(s.start, nowMs)) continue;
    recentSessions += 1;
    views += s.views;
    if (s.start < firstSession) firstSession = s.start;
  }
  // Browsing steps, furthest first: a step counts while its latest event is recent.
  const { lastCheckoutStepAt: checkout, lastCartAddAt: cart, lastProductViewAt: product } = summary;
  let step: FunnelStage = 'BROWSING';
  let stepAt = Infinity;
  if (checkout !== null && isRecent(checkout, nowMs)) {
    step = 'CHECKING_OUT';
    stepAt = checkout;
  } else if (cart !== null && isRecent(cart, nowMs)) {
    step = 'CARTING';
    stepAt = cart;
  } else if (product !== null && isRecent(product, nowMs)) {
    step = 'CONSIDERING';
    stepAt = product;
  }
  const buyer = numberOfOrders >= 1;
  // The stage drops when the latest event of its step leaves the window; lower steps cannot lift it.
  const ends = Math.min(buyer ? Infinity : stepAt, firstFriction, firstSession);
  return {
    funnelStage: numberOfOrders >= 2 ? 'REPEAT_CUSTOMER' : buyer ? 'FIRST_TIME_CUSTOMER' : step,
    engagementDepth: recentSessions === 0 ? 0 : Math.round((views / recentSessions) * 10) / 10,
    frictionScore,
    changesAt: ends === Infinity ? null : ends + RECENT_WINDOW_MS,
  };
}
