/** Klaviyo's default tiers (email-tools.md A.7; L uses the 750/m the endpoint docstrings give). */
export interface RateTier { burstPerSecond: number; steadyPerMinute: number }
export type TierName = 'XS' | 'S' | 'M' | 'L' | 'XL';

export const DEFAULT_TIERS: Record<TierName, RateTier> = {
  XS: { burstPerSecond: 1, steadyPerMinute: 15 },
  S: { burstPerSecond: 3, steadyPerMinute: 60 },
  M: { burstPerSecond: 10, steadyPerMinute: 150 },
  L: { burstPerSecond: 75, steadyPerMinute: 750 },
  XL: { burstPerSecond: 350, steadyPerMinute: 3500 },
};

export type RateDecision =
  | { allowed: true; headers: Record<string, string> }
  | { allowed: false; retryAfterSeconds: number };

interface Window { burstStart: number; burstCount: number; steadyStart: number; steadyCount: number }

/**
 * Fixed one-second (burst) and one-minute (steady) windows per account and tier, both enforced, as
 * Klaviyo documents. Windows are keyed by tier name, so operations of one tier share a budget.
 */
export function createRateLimiter(tiers: Record<TierName, RateTier>, now: () => number) {
  const windows = new Map<string, Window>();
  return {
    take(account: string, tierName: TierName): RateDecision {
      const tier = tiers[tierName];
      const at = now();
      const key = `${account}\u0000${tierName}`;
      const burstStart = Math.floor(at / 1000) * 1000;
      const steadyStart = Math.floor(at / 60_000) * 60_000;
      const window = windows.get(key) ?? { burstStart, burstCount: 0, steadyStart, steadyCount: 0 };
      if (window.burstStart !== burstStart) Object.assign(window, { burstStart, burstCount: 0 });
      if (window.steadyStart !== steadyStart) Object.assign(window, { steadyStart, steadyCount: 0 });
      windows.set(key, window);
      if (window.steadyCount >= tier.steadyPerMinute) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((steadyStart + 60_000 - at) / 1000)) };
      }
      if (window.burstCount >= tier.burstPerSecond) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((burstStart + 1000 - at) / 1000)) };
      }
      window.burstCount += 1;
      window.steadyCount += 1;
      return {
        allowed: true,
        headers: {
          'RateLimit-Limit': String(tier.steadyPerMinute),
          'RateLimit-Remaining': String(tier.steadyPerMinute - window.steadyCount),
          'RateLimit-Reset': String(Math.ceil((steadyStart + 60_000 - at) / 1000)),
        },
      };
    },
  };
}
