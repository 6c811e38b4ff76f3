import type { ExclusionReasonKey } from '../../admin-api/admin-api-types.js';
import { checkEmail } from './check-email.js';
import type { DestinationPolicy } from './destination-policy.js';
import { marketingConsentOf, type ConsentFacts } from './marketing-consent.js';

/** One member of a linked segment, as the consent gate and email hygiene see them. */
export interface EligibilityCandidate extends ConsentFacts {
  customerId: string | null;
  /** The latest sale-of-data consent the storefront recorded; false = opted out. */
  saleOfData: boolean | null;
  /** The shopper's latest word on sale of data was a Global Privacy Control signal. */
  gpc: boolean;
}

/** Shown to the merchant, never acted on. */
export type EligibilityHint = 'possible_typo';

export type EligibilityDecision =
  | { eligible: true; marketingConsent: boolean; consentedAt: number | null; hint: EligibilityHint | null; typoSuggestion: string | null }
  | { eligible: false; reason: ExclusionReasonKey; hint: EligibilityHint | null; typoSuggestion: string | null };

const excluded = (reason: ExclusionReasonKey, typoSuggestion: string | null = null): EligibilityDecision =>
  ({ eligible: false, reason, hint: typoSuggestion === null ? null : 'possible_typo', typoSuggestion });

/**
 * Whether a destination may receive this shopper, checked in a fixed order so each exclusion is counted
 * once, under its first reason: identity, GPC, sale-of-data opt-out (destinations that share data),
 * marketing consent (marketing destinations), then the address itself (syntax, typo hint, disposable,
 * role account) and the destination's suppressions. `suppressed`: the remote reported this address.
 */
export function decideEligibility(candidate: EligibilityCandidate, policy: DestinationPolicy, suppressed: boolean): EligibilityDecision {
  if (policy.identity === 'email' && candidate.email === null) return excluded('no_email');
  if (policy.identity === 'customer' && candidate.customerId === null) return excluded('no_customer_id');
  if (policy.sharesData && candidate.gpc) return excluded('gpc');
  if (policy.sharesData && candidate.saleOfData === false) return excluded('sale_of_data_opt_out');
  const consent = marketingConsentOf(candidate);
  if (policy.marketing && !consent.consent) return excluded('no_marketing_consent');
  let typoSuggestion: string | null = null;
  if (policy.hygiene && candidate.email !== null) {
    const check = checkEmail(candidate.email);
    typoSuggestion = check.typoSuggestion;
    if (!check.ok) return excluded(check.reason, typoSuggestion);
    if (suppressed) return excluded('suppressed', typoSuggestion);
  }
  return { eligible: true, marketingConsent: consent.consent, consentedAt: consent.consentedAt, hint: typoSuggestion === null ? null : 'possible_typo', typoSuggestion };
}
