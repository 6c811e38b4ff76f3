import type { RateTier } from '../http/create-rate-limiter.js';

/**
 * Klaviyo's default rate tiers for the endpoints we call (email-tools.md A.2–A.6, the spec's per-operation
 * notes): lists and list membership, import jobs and bulk events are M; look-ups and subscribe jobs L.
 */
export const KLAVIYO_RATE_TIERS = {
  M: { burstPerSecond: 10, steadyPerMinute: 150 },
  L: { burstPerSecond: 75, steadyPerMinute: 750 },
  XL: { burstPerSecond: 350, steadyPerMinute: 3500 },
} as const satisfies Record<string, RateTier>;

export type KlaviyoTier = keyof typeof KLAVIYO_RATE_TIERS;

/** The revision every request pins (the spec's info.version). */
export const KLAVIYO_REVISION = '2026-07-15';
