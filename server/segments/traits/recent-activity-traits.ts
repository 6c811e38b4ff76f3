import { CHECKOUT_STEP_NAMES } from './checkout-abandonment.js';
import type { FactEvent } from './profile-facts.js';
import type { FunnelStage } from './profile-traits.js';
import { RECENT_WINDOW_MS, isRecent } from './trait-time.js';

export interface RecentActivityTraits {
  funnelStage: FunnelStage;
  engagementDepth: number;
  frictionScore: number;
}

/** Events a shopper sees a page or a list through: engagement is how many of them a session holds. */
export const VIEW_EVENT_NAMES: ReadonlySet<string> = new Set([
  'Page_Viewed', 'Product_Viewed', 'Collection_Viewed', 'Search_Submitted', 'Cart_Viewed',
]);

/**
 * Weights of the friction signals. A rage click (repeated clicks on one spot) is the plainest sign that
 * something failed the shopper; a u-turn (back within seconds) says the page did not deliver what the
 * link promised; a dead click (a click that changed nothing) is often harmless exploring.
 */
export const FRICTION_WEIGHTS: Readonly<Record<string, number>> = {
  Element_RageClicked: 3,
  Page_UTurned: 2,
  Element_DeadClicked: 1,
};

/** Browsing steps, furthest first. */
const STEPS: readonly { stage: FunnelStage; matches: (name: string) => boolean }[] = [
  { stage: 'CHECKING_OUT', matches: (name) => CHECKOUT_STEP_NAMES.has(name) },
  { stage: 'CARTING', matches: (name) => name === 'Cart_ItemAdded' },
  { stage: 'CONSIDERING', matches: (name) => name === 'Product_Viewed' },
];

/**
 * Funnel stage, engagement depth and friction score over the last 30 days (isRecent), and `changesAt`:
 * the first instant the window alone changes one of them. Buyers are staged by their orders alone
 * (number_of_orders, Shopify's count included); others by the furthest step they took recently.
 * Engagement reads whole sessions, those started in the window, so it moves once per session, not once
 * per event, and a profile is rechecked that much less often.
 */
export function computeRecentActivityTraits(
  events: readonly FactEvent[], numberOfOrders: number, nowMs: number,
): RecentActivityTraits & { changesAt: number | null } {
  const latestStep: (number | null)[] = STEPS.map(() => null);
  let frictionScore = 0;
  let firstFriction: number | null = null;
  const sessions = new Map<string, { start: number; views: number }>();
  for (const e of events) {
    if (e.sessionId !== null) {
      const session = sessions.get(e.sessionId) ?? { start: e.occurredAt, views: 0 };
      if (VIEW_EVENT_NAMES.has(e.name)) session.views += 1;
      sessions.set(e.sessionId, session);
    }
    if (!isRecent(e.occurredAt, nowMs)) continue;
    const step = STEPS.findIndex((s) => s.matches(e.name));
    if (step >= 0) latestStep[step] = e.occurredAt;
    const weight = FRICTION_WEIGHTS[e.name];
    if (weight !== undefined) {
      frictionScore += weight;
      firstFriction ??= e.occurredAt;
    }
  }
  let views = 0;
  let recentSessions = 0;
  let firstSession: number | null = null;
  for (const s of sessions.values()) {
    if (!isRecent(s.start, nowMs)) continue;
    recentSessions += 1;
    views += s.views;
    firstSession = Math.min(firstSession ?? s.start, s.start);
  }
  const top = latestStep.findIndex((t) => t !== null);
  const buyer = numberOfOrders >= 1;
  // The stage drops when the latest event of its step leaves the window; lower steps cannot lift it.
  const stageEnds = buyer || top < 0 ? null : latestStep[top]!;
  const ends = [stageEnds, firstFriction, firstSession].filter((t): t is number => t !== null);
  return {
    funnelStage: numberOfOrders >= 2 ? 'REPEAT_CUSTOMER' : buyer ? 'FIRST_TIME_CUSTOMER' : (STEPS[top]?.stage ?? 'BROWSING'),
    engagementDepth: recentSessions === 0 ? 0 : Math.round((views / recentSessions) * 10) / 10,
    frictionScore,
    changesAt: ends.length === 0 ? null : Math.min(...ends) + RECENT_WINDOW_MS,
  };
}
