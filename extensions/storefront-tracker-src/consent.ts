import type { WireConsent } from '../../server/ingest/wire-event.js';

interface ShopifyGlobal {
  customerPrivacy?: {
    analyticsProcessingAllowed(): boolean;
    marketingAllowed(): boolean;
    preferencesProcessingAllowed(): boolean;
    saleOfDataAllowed(): boolean;
  };
  loadFeatures?(features: { name: string; version: string }[], done: () => void): void;
  /** Set by Shopify on every Online Store page: the locale-aware root path, e.g. `/fr/`. */
  routes?: { root: string };
}

export const shopify = (): ShopifyGlobal => (window as unknown as { Shopify?: ShopifyGlobal }).Shopify ?? {};

/** The shopper's choices now. Without the Customer Privacy API there is no consent: we never assume it. */
export function readConsent(): WireConsent {
  const p = shopify().customerPrivacy;
  return {
    analytics: !!p?.analyticsProcessingAllowed(),
    marketing: p?.marketingAllowed(),
    preferences: p?.preferencesProcessingAllowed(),
    saleOfData: p?.saleOfDataAllowed(),
    gpc: !!(navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl,
  };
}

/**
 * Calls `changed` when the shopper decides (Shopify fires `visitorConsentCollected` on document), and
 * once the API is loaded when the theme had not loaded it (Shopify.loadFeatures is the documented way).
 */
export function watchConsent(changed: () => void): void {
  document.addEventListener('visitorConsentCollected', changed);
  const s = shopify();
  if (!s.customerPrivacy) s.loadFeatures?.([{ name: 'consent-tracking-api', version: '0.1' }], changed);
}
