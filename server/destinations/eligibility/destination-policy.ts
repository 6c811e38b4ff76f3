import type { DestinationKind } from '../destination-client.js';
import type { DestinationSettings } from '../destination-settings.js';

/**
 * What a destination may receive (docs/destinations.md, "Rules for every destination"):
 * - marketing: only shoppers with recorded email-marketing consent;
 * - sharesData: the shopper's data leaves Shopify, so GPC and sale-of-data opt-outs exclude them;
 * - identity: how the remote keys a member (an email address, or the Shopify customer id);
 * - hygiene: addresses are checked (syntax, disposable, role, suppressed) before they are sent.
 */
export interface DestinationPolicy {
  marketing: boolean;
  sharesData: boolean;
  identity: 'email' | 'customer';
  hygiene: boolean;
}

export function destinationPolicy<K extends DestinationKind>(kind: K, settings: DestinationSettings<K>): DestinationPolicy {
  switch (kind) {
    case 'klaviyo':
    case 'mailchimp':
      return { marketing: true, sharesData: true, identity: 'email', hygiene: true };
    case 'webhook':
      // Only an explicit false turns consent off: settings read without their schema default stay safe.
      return { marketing: (settings as Partial<DestinationSettings<'webhook'>>).requireMarketingConsent !== false, sharesData: true, identity: 'email', hygiene: true };
    case 'shopify_tags':
      // Tags stay inside Shopify, whose own consent applies to whatever Shopify Email or Flow sends.
      return { marketing: false, sharesData: false, identity: 'customer', hygiene: false };
    default:
      throw new Error(`unknown destination kind ${String(kind)}`);
  }
}
