import { CART_EVENT_NAMES } from './idle-cart-episodes.js';
import type { FactEvent, ProfileFacts } from './profile-facts.js';

export interface ActivityTraits {
  firstSeenAt: number;
  lastSeenAt: number;
  productViews: number;
  cartAdds: number;
  lastCartActivityAt: number | null;
}

/**
 * All-time counts and the seen range. The profiles row is kept in the range because identity writes it
 * for facts that are not events (an order webhook resolving a profile). `events` are in time order and
 * exclude our derived events, whose times are the ends of idle windows, not the shopper's activity.
 */
export function computeActivityTraits(events: readonly FactEvent[], facts: Pick<ProfileFacts, 'firstSeenAt' | 'lastSeenAt'>): ActivityTraits {
  let productViews = 0;
  let cartAdds = 0;
  let lastCartActivityAt: number | null = null;
  let firstSeenAt = facts.firstSeenAt;
  let lastSeenAt = facts.lastSeenAt;
  for (const e of events) {
    if (e.name === 'Product_Viewed') productViews += 1;
    if (e.name === 'Cart_ItemAdded') cartAdds += 1;
    if (CART_EVENT_NAMES.has(e.name)) lastCartActivityAt = Math.max(lastCartActivityAt ?? e.occurredAt, e.occurredAt);
    firstSeenAt = Math.min(firstSeenAt, e.occurredAt);
    lastSeenAt = Math.max(lastSeenAt, e.occurredAt);
  }
  return { firstSeenAt, lastSeenAt, productViews, cartAdds, lastCartActivityAt };
}
