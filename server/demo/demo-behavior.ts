import type { DeviceClass } from '../ingest/stored-event.js';

/**
 * The knobs of the demo seed, tuned so the generated history lands near published benchmarks
 * (../shared/reference/benchmarks.md; the measured figures are in the seed's tests):
 *  - session conversion by device: desktop 3.9%, mobile 1.8%, tablet 3.8% (Endertech, undated);
 *  - cart abandonment by device: desktop 69.8%, mobile 85.6% (SaleCycle 2024); no published tablet
 *    figure, so tablets use Baymard's 70.19% average. With 70% of sessions on mobile the all-device
 *    abandonment is therefore near 80%, not Baymard's 70%: the device figures cannot give both.
 */
export type SeedDevice = Exclude<DeviceClass, 'unknown'>;

/** Share of shoppers' first device (two-device shoppers add a second one, see SECOND_DEVICE). */
export const DEVICE_MIX: Readonly<Record<SeedDevice, number>> = { mobile: 0.735, desktop: 0.235, tablet: 0.03 };
export const SECOND_DEVICE: Readonly<Record<SeedDevice, Readonly<Record<SeedDevice, number>>>> = {
  mobile: { desktop: 0.8, tablet: 0.2, mobile: 0 },
  desktop: { mobile: 0.9, tablet: 0.1, desktop: 0 },
  tablet: { mobile: 0.7, desktop: 0.3, tablet: 0 },
};

export const TARGETS: Readonly<Record<SeedDevice, { conversion: number; cartAbandonment: number }>> = {
  desktop: { conversion: 0.039, cartAbandonment: 0.698 },
  mobile: { conversion: 0.018, cartAbandonment: 0.856 },
  tablet: { conversion: 0.038, cartAbandonment: 0.7019 },
};

/** Chance of each checkout step once the previous one happened; their product is the checkout completion rate. */
export const CHECKOUT_STEPS = { contact: 0.88, shipping: 0.9, payment: 0.86, complete: 0.93 } as const;
const STEPS_PRODUCT = CHECKOUT_STEPS.contact * CHECKOUT_STEPS.shipping * CHECKOUT_STEPS.payment * CHECKOUT_STEPS.complete;

export interface DeviceFunnel {
  /** Chance that a session of an average shopper adds to cart. */
  addToCart: number;
  /** Chance that a session that added to cart starts checkout. */
  startCheckout: number;
}

// conversion = addToCart × (1 − abandonment), and (1 − abandonment) = startCheckout × STEPS_PRODUCT.
export const FUNNEL: Readonly<Record<SeedDevice, DeviceFunnel>> = Object.fromEntries(
  (Object.keys(TARGETS) as SeedDevice[]).map((d) => {
    const { conversion, cartAbandonment } = TARGETS[d];
    return [d, { addToCart: conversion / (1 - cartAbandonment), startCheckout: (1 - cartAbandonment) / STEPS_PRODUCT }];
  }),
) as Record<SeedDevice, DeviceFunnel>;

export type Segment = 'casual' | 'regular' | 'loyal';

interface SegmentTraits {
  share: number;
  /** Number of sessions in the window, drawn uniformly in [min, max]. */
  sessions: [number, number];
  /** Scales the add-to-cart chance of every session of the shopper. */
  intent: number;
  /** Chance of having a customer account (and so of logging in). */
  account: number;
  /** First visit falls within this fraction of the window from its start: loyal shoppers go back further. */
  startWithin: number;
}

const RAW_SEGMENTS: Readonly<Record<Segment, SegmentTraits>> = {
  casual: { share: 0.6, sessions: [1, 3], intent: 0.4, account: 0.1, startWithin: 1 },
  regular: { share: 0.3, sessions: [3, 9], intent: 0.9, account: 0.45, startWithin: 0.7 },
  loyal: { share: 0.1, sessions: [10, 28], intent: 1.5, account: 0.85, startWithin: 0.3 },
};

/**
 * Shopper segments, with `intent` rescaled so its session-weighted mean is 1: device conversion then
 * stays on target while loyal shoppers buy more often than casual ones (repeat buyers).
 */
export const SEGMENTS: Readonly<Record<Segment, SegmentTraits>> = (() => {
  const list = Object.values(RAW_SEGMENTS);
  const mean = (t: SegmentTraits) => (t.sessions[0] + t.sessions[1]) / 2;
  const sessions = list.reduce((sum, t) => sum + t.share * mean(t), 0);
  const scale = list.reduce((sum, t) => sum + t.share * mean(t) * t.intent, 0) / sessions;
  return Object.fromEntries(Object.entries(RAW_SEGMENTS).map(([k, t]) => [k, { ...t, intent: t.intent / scale }])) as Record<Segment, SegmentTraits>;
})();
/** Share of regular and loyal shoppers who browse on two devices and later log in on both. */
export const TWO_DEVICE_SHARE = 0.25;
export const LOGIN_PER_SESSION = 0.25;

export const BOUNCE: Readonly<Record<SeedDevice, number>> = { mobile: 0.34, desktop: 0.26, tablet: 0.3 };
export const UTURN_AFTER_BOUNCE = 0.3;
export const UTURN_PER_PRODUCT_VIEW = 0.03;
export const RAGE_CLICK_PER_PAGE: Readonly<Record<SeedDevice, number>> = { mobile: 0.02, desktop: 0.008, tablet: 0.015 };
export const DEAD_CLICK_PER_PAGE: Readonly<Record<SeedDevice, number>> = { mobile: 0.025, desktop: 0.015, tablet: 0.02 };
export const FRICTION_SELECTORS = ['.product-gallery img', 'button.size-guide', '.price', '#shipping-info', 'span.badge', '.cart-drawer__close'] as const;

/** Pages after the landing page in a session that did not bounce: MIN + exponential(MEAN). */
export const EXTRA_PAGES = { min: 2, mean: 3.5 } as const;
export const PAGE_WEIGHTS = { collection: 3, product: 5, search: 1, home: 1 } as const;
export const LANDING_WEIGHTS = { home: 4, collection: 2.5, product: 3.5 } as const;
export const SECOND_ITEM = 0.3;
export const VIEW_CART = 0.75;
export const REMOVE_ITEM = 0.12;
export const VIEW_OLD_CART = 0.3;
/** A cart left alone this long is forgotten; the next add starts a new cart (new token). */
export const CART_TTL_MS = 10 * 24 * 3600_000;

export const REFERRERS = {
  direct: 30, 'www.google.com': 34, 'l.instagram.com': 12, 'm.facebook.com': 8, 'www.tiktok.com': 5, 'email.klaviyo.com': 8, 'www.bing.com': 3,
} as const;
export const SEARCH_QUERIES = ['decaf', 'kettle', 'grinder', 'green tea', 'mug', 'filters', 'espresso', 'gift', 'french press', 'chamomile'] as const;
export const SHIPPING_METHODS = { standard: 8, express: 2 } as const;
export const COUNTRIES = { IE: 30, GB: 20, DE: 15, FR: 12, NL: 10, US: 8, ES: 5 } as const;
export const PAYMENT_METHODS = { card: 6, paypal: 2.5, apple_pay: 1.5 } as const;

export const PLATFORMS: Readonly<Record<SeedDevice, Readonly<Record<string, number>>>> = {
  mobile: { 'iOS/Safari': 52, 'Android/Chrome': 40, 'Android/Samsung Internet': 5, 'iOS/Chrome': 3 },
  desktop: { 'Windows/Chrome': 48, 'macOS/Safari': 20, 'macOS/Chrome': 15, 'Windows/Edge': 12, 'Linux/Firefox': 5 },
  tablet: { 'iOS/Safari': 75, 'Android/Chrome': 25 },
};

/** Hour-of-day weights (UTC) for session starts: lunch and evening peaks. */
export const HOUR_WEIGHTS: readonly number[] = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 3.5, 4, 5, 5, 4, 3.5, 3.5, 4, 5, 6.5, 7, 6, 4, 2];

export const CONSENT = { marketing: 0.6, saleOfData: 0.85, gpc: 0.03 } as const;
