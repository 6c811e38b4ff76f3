import { describe, expect, it } from 'vitest';
import { decideEligibility, type EligibilityCandidate } from '../../../server/destinations/eligibility/decide-eligibility.js';
import { destinationPolicy, type DestinationPolicy } from '../../../server/destinations/eligibility/destination-policy.js';
import { marketingConsentOf } from '../../../server/destinations/eligibility/marketing-consent.js';

const KLAVIYO = destinationPolicy('klaviyo', { subscribeWithConsent: false });
const MAILCHIMP = destinationPolicy('mailchimp', { audienceId: 'abc123' });
const TAGS = destinationPolicy('shopify_tags', { tagPrefix: 'ss-' });
const WEBHOOK = destinationPolicy('webhook', { url: 'https://example.com/hook', requireMarketingConsent: true });
const WEBHOOK_NO_CONSENT = destinationPolicy('webhook', { url: 'https://example.com/hook', requireMarketingConsent: false });

/** A shopper every destination may receive: subscribed in Shopify, no opt-outs, a clean address. */
const ANN: EligibilityCandidate = {
  email: 'ann@example.com', customerId: '1001',
  shopifyConsentState: 'subscribed', shopifyConsentUpdatedAt: 1_700_000_000_000, storefrontMarketing: null,
  saleOfData: true, gpc: false,
};
const reasonOf = (c: Partial<EligibilityCandidate>, policy: DestinationPolicy, suppressed = false) => {
  const decision = decideEligibility({ ...ANN, ...c }, policy, suppressed);
  return decision.eligible ? 'eligible' : decision.reason;
};

describe('destinationPolicy', () => {
  it('gives each kind its consent, sharing and identity rules', () => {
    expect(KLAVIYO).toEqual({ marketing: true, sharesData: true, identity: 'email', hygiene: true });
    expect(MAILCHIMP).toEqual({ marketing: true, sharesData: true, identity: 'email', hygiene: true });
    expect(TAGS).toEqual({ marketing: false, sharesData: false, identity: 'customer', hygiene: false });
    expect(WEBHOOK).toEqual({ marketing: true, sharesData: true, identity: 'email', hygiene: true });
    expect(WEBHOOK_NO_CONSENT).toEqual({ marketing: false, sharesData: true, identity: 'email', hygiene: true });
  });

  it('requires consent for a webhook whose settings never said otherwise', () => {
    expect(destinationPolicy('webhook', {} as never).marketing).toBe(true);
  });
});

describe('decideEligibility', () => {
  it('lets a consenting shopper with a clean address through to every kind', () => {
    for (const policy of [KLAVIYO, MAILCHIMP, TAGS, WEBHOOK, WEBHOOK_NO_CONSENT]) {
      expect(decideEligibility(ANN, policy, false)).toEqual({
        eligible: true, marketingConsent: true, consentedAt: 1_700_000_000_000, hint: null, typoSuggestion: null,
      });
    }
  });

  it('needs an address for email destinations and a customer id for Shopify tags', () => {
    for (const policy of [KLAVIYO, MAILCHIMP, WEBHOOK, WEBHOOK_NO_CONSENT]) {
      expect(reasonOf({ email: null }, policy)).toBe('no_email');
      expect(reasonOf({ customerId: null }, policy)).toBe('eligible');
    }
    expect(reasonOf({ customerId: null }, TAGS)).toBe('no_customer_id');
    expect(reasonOf({ email: null }, TAGS)).toBe('eligible');
  });

  it('excludes GPC and sale-of-data opt-outs from destinations that share data only', () => {
    for (const policy of [KLAVIYO, MAILCHIMP, WEBHOOK, WEBHOOK_NO_CONSENT]) {
      expect(reasonOf({ gpc: true, saleOfData: false }, policy)).toBe('gpc');
      expect(reasonOf({ saleOfData: false }, policy)).toBe('sale_of_data_opt_out');
      expect(reasonOf({ saleOfData: null }, policy)).toBe('eligible');
    }
    expect(reasonOf({ gpc: true, saleOfData: false }, TAGS)).toBe('eligible');
  });

  it('requires recorded marketing consent for marketing destinations only', () => {
    const unsubscribed = { shopifyConsentState: 'unsubscribed', storefrontMarketing: true };
    for (const policy of [KLAVIYO, MAILCHIMP, WEBHOOK]) expect(reasonOf(unsubscribed, policy)).toBe('no_marketing_consent');
    expect(reasonOf(unsubscribed, WEBHOOK_NO_CONSENT)).toBe('eligible');
    expect(reasonOf(unsubscribed, TAGS)).toBe('eligible');
    expect(decideEligibility({ ...ANN, ...unsubscribed }, TAGS, false)).toMatchObject({ eligible: true, marketingConsent: false, consentedAt: null });
  });

  it('runs the address checks for email destinations, in order, after consent', () => {
    expect(reasonOf({ email: 'ann@localhost' }, KLAVIYO)).toBe('invalid_syntax');
    expect(reasonOf({ email: 'ann@mailinator.com' }, MAILCHIMP)).toBe('disposable');
    expect(reasonOf({ email: 'info+shop@example.com' }, WEBHOOK)).toBe('role_account');
    expect(reasonOf({}, KLAVIYO, true)).toBe('suppressed');
    expect(reasonOf({ email: 'info@example.com' }, KLAVIYO, true)).toBe('role_account');
    expect(reasonOf({ email: 'ann@localhost', shopifyConsentState: 'not_subscribed' }, KLAVIYO)).toBe('no_marketing_consent');
  });

  it('never checks addresses for Shopify tags, which are keyed by customer id', () => {
    expect(reasonOf({ email: 'info@mailinator.com' }, TAGS, true)).toBe('eligible');
    expect(decideEligibility({ ...ANN, email: 'ann@gmial.com' }, TAGS, false)).toMatchObject({ eligible: true, hint: null });
  });

  it('reports a typo hint on eligible and excluded addresses alike, never as the reason', () => {
    expect(decideEligibility({ ...ANN, email: 'ann@gmail.co' }, KLAVIYO, false))
      .toEqual({ eligible: true, marketingConsent: true, consentedAt: 1_700_000_000_000, hint: 'possible_typo', typoSuggestion: 'gmail.com' });
    expect(decideEligibility({ ...ANN, email: 'ann@gmial.com' }, KLAVIYO, false))
      .toEqual({ eligible: false, reason: 'disposable', hint: 'possible_typo', typoSuggestion: 'gmail.com' });
    expect(decideEligibility({ ...ANN, email: 'ann@gmail.co' }, KLAVIYO, true))
      .toEqual({ eligible: false, reason: 'suppressed', hint: 'possible_typo', typoSuggestion: 'gmail.com' });
  });
});

describe('marketingConsentOf', () => {
  const none = { email: 'ann@example.com', shopifyConsentState: null, shopifyConsentUpdatedAt: null, storefrontMarketing: null };

  it("takes Shopify's state whenever there is one", () => {
    expect(marketingConsentOf({ ...none, shopifyConsentState: 'subscribed', shopifyConsentUpdatedAt: 5, storefrontMarketing: false }))
      .toEqual({ consent: true, consentedAt: 5 });
    for (const state of ['not_subscribed', 'pending', 'unsubscribed', 'redacted', 'invalid']) {
      expect(marketingConsentOf({ ...none, shopifyConsentState: state, shopifyConsentUpdatedAt: 5, storefrontMarketing: true }))
        .toEqual({ consent: false, consentedAt: null });
    }
  });

  it("otherwise takes the storefront's consent captured with an address", () => {
    expect(marketingConsentOf({ ...none, storefrontMarketing: true })).toEqual({ consent: true, consentedAt: null });
    expect(marketingConsentOf({ ...none, storefrontMarketing: false })).toEqual({ consent: false, consentedAt: null });
    expect(marketingConsentOf(none)).toEqual({ consent: false, consentedAt: null });
    expect(marketingConsentOf({ ...none, email: null, storefrontMarketing: true })).toEqual({ consent: false, consentedAt: null });
  });
});
