/** What is known about a shopper's consent, from Shopify's customer record and the storefront's events. */
export interface ConsentFacts {
  email: string | null;
  /** Shopify's email-marketing state, lower-cased (subscribed, not_subscribed, pending, unsubscribed...); null without one. */
  shopifyConsentState: string | null;
  /** When Shopify's state last changed (its consent_updated_at). */
  shopifyConsentUpdatedAt: number | null;
  /** The latest marketing consent the storefront recorded for the shopper; null if it never said. */
  storefrontMarketing: boolean | null;
}

export interface MarketingConsent {
  consent: boolean;
  consentedAt: number | null;
}

/**
 * Recorded email-marketing consent. Shopify's state wins whenever the shopper has one: it is what the
 * merchant's own emails obey, and an unsubscribe there must stop us too, whatever the storefront said.
 * Without it, the storefront's consent counts only together with an address (consent captured with their
 * email); its time is unknown (the latest event only shows the consent still held), so consentedAt is null.
 */
export function marketingConsentOf(facts: ConsentFacts): MarketingConsent {
  if (facts.shopifyConsentState !== null) {
    return facts.shopifyConsentState === 'subscribed'
      ? { consent: true, consentedAt: facts.shopifyConsentUpdatedAt }
      : { consent: false, consentedAt: null };
  }
  return { consent: facts.storefrontMarketing === true && facts.email !== null, consentedAt: null };
}
