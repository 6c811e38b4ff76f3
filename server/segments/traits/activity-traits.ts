import type { ProfileFacts } from './profile-facts.js';
import type { ActivitySummary } from './summarize-activity.js';

export interface ActivityTraits {
  firstSeenAt: number;
  lastSeenAt: number;
  productViews: number;
  cartAdds: number;
  lastCartActivityAt: number | null;
}

/**
 * All-time counts and the seen range. The profiles row is kept in the range because identity writes it
 * for facts that are not events (an order webhook resolving a profile). The summary excludes our derived
 * events, whose times are the ends of idle windows, not the shopper's activity.
 */
export function computeActivityTraits(summary: ActivitySummary, facts: Pick<ProfileFacts, 'firstSeenAt' | 'lastSeenAt'>): ActivityTraits {
  return {
    firstSeenAt: summary.firstAt === null ? facts.firstSeenAt : Math.min(facts.firstSeenAt, summary.firstAt),
    lastSeenAt: summary.lastAt === null ? facts.lastSeenAt : Math.max(facts.lastSeenAt, summary.lastAt),
    productViews: summary.productViews,
    cartAdds: summary.cartAdds,
    lastCartActivityAt: summary.lastCartActivityAt,
  };
}
