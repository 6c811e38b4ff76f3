import { z } from 'zod';
import type { EmailConsent } from '../../db/customer-queries.js';
import { timeOf, timestamp } from './shopify-payload-fields.js';

/** Shopify's email_marketing_consent object (customers/* up to 2024-10, customers_email_marketing_consent/update). */
export const emailMarketingConsent = z.object({
  state: z.string().min(1).max(32),
  opt_in_level: z.string().max(32).nullish(),
  consent_updated_at: timestamp.nullish(),
});

/** Pure: the consent to store; `fallbackAt` dates it when Shopify does not (consent never changed). */
export function readEmailConsent(c: z.output<typeof emailMarketingConsent>, fallbackAt: number): EmailConsent {
  return {
    state: c.state.toLowerCase(),
    optInLevel: c.opt_in_level?.toLowerCase() ?? null,
    updatedAt: timeOf(c.consent_updated_at) ?? fallbackAt,
  };
}
