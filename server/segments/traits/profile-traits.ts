import type { FactDevice } from './profile-facts.js';

/** Enum values as the segment language writes them (upper case). */
export type DeviceTrait = 'MOBILE' | 'TABLET' | 'DESKTOP' | 'UNKNOWN';
export type FunnelStage = 'BROWSING' | 'CONSIDERING' | 'CARTING' | 'CHECKING_OUT' | 'FIRST_TIME_CUSTOMER' | 'REPEAT_CUSTOMER';

/** Sessions per device (keys as the events table spells devices). */
export interface DeviceMix {
  mobile: number;
  tablet: number;
  desktop: number;
  unknown: number;
}

/**
 * One field per profile_traits column (camelCase), except rfm_* (scored per shop by the engine),
 * recheck_at (TraitResult.recheckAt) and computed_at (the engine's clock). Dates are epoch ms.
 * docs/segments.md "Traits" defines each one.
 */
export interface ProfileTraits {
  profileId: number;
  shopId: number;
  customerId: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
  sessions: number;
  productViews: number;
  cartAdds: number;
  lastCartActivityAt: number | null;
  cartAbandonedAt: number | null;
  cartAbandonedValue: number | null;
  cartAbandonedItems: number | null;
  cartAbandonedDevice: DeviceTrait | null;
  cartRecoveryUrl: string | null;
  checkoutAbandonedAt: number | null;
  checkoutAbandonedValue: number | null;
  checkoutAbandonedItems: number | null;
  /** Carries the checkout's secret key: never log it. */
  checkoutRecoveryUrl: string | null;
  numberOfOrders: number;
  amountSpent: number;
  averageOrderValue: number | null;
  firstOrderAt: number | null;
  lastOrderAt: number | null;
  meanDaysBetweenOrders: number | null;
  primaryDevice: DeviceTrait;
  deviceMix: DeviceMix;
  devicesUsed: number;
  funnelStage: FunnelStage;
  engagementDepth: number;
  frictionScore: number;
  emailSubscriptionStatus: string | null;
  customerTags: string[];
  customerTagsFolded: string[];
}

export type DerivedEventName = 'Cart_Abandoned' | 'Checkout_Abandoned';

/** An event the traits derive; its id is deterministic, so storing it twice stores it once. */
export interface DerivedTraitEvent {
  eventId: string;
  name: DerivedEventName;
  occurredAt: number;
  cartToken: string | null;
  checkoutToken: string | null;
  device: FactDevice;
  /** Valid for the event's EVENT_CATALOG schema. */
  properties: { itemCount?: number; total?: number; currency?: string; idleMs?: number };
}

export interface TraitResult {
  traits: ProfileTraits;
  /** Every abandonment due at nowMs, oldest first (already stored ones included: the ids dedupe). */
  derivedEvents: DerivedTraitEvent[];
  /** The earliest instant > nowMs at which time alone can change a trait, a derived event or a membership. */
  recheckAt: number | null;
}
