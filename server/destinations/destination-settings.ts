import { z } from 'zod';
import type { DestinationKind } from './destination-client.js';

/**
 * Per-kind settings (stored as JSON in destinations.settings) and credentials (sealed in
 * destinations.credentials_sealed). Parsed with these schemas on the way in (API) and out (sync).
 */
export const DESTINATION_SETTINGS = {
  klaviyo: z.object({
    /** Also subscribe new members who have recorded marketing consent (it clears Klaviyo suppressions). */
    subscribeWithConsent: z.boolean().default(false),
  }).strict(),
  mailchimp: z.object({
    audienceId: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9]+$/, 'an audience id is letters and digits'),
  }).strict(),
  shopify_tags: z.object({
    tagPrefix: z.string().trim().min(1).max(40).regex(/^[^,]+$/, 'a tag cannot contain a comma').default('ss-'),
  }).strict(),
  webhook: z.object({
    url: z.string().trim().max(2000).url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL'),
    /** Off for an endpoint that does not market to shoppers; GPC and sale-of-data opt-outs still apply. */
    requireMarketingConsent: z.boolean().default(true),
  }).strict(),
} satisfies Record<DestinationKind, z.ZodType>;

export const DESTINATION_CREDENTIALS = {
  // Klaviyo private keys start with pk_; Mailchimp keys end with -<data center>.
  klaviyo: z.object({ apiKey: z.string().trim().min(8).max(200) }).strict(),
  mailchimp: z.object({ apiKey: z.string().trim().max(200).regex(/^[0-9a-f]{8,64}-[a-z]+[0-9]+$/i, 'a Mailchimp API key ends with its data center, e.g. …-us21') }).strict(),
  // The shop's own offline token is used: nothing to store.
  shopify_tags: z.object({}).strict(),
  // The merchant's receiver verifies our signature with it; generated when not given, shown once.
  webhook: z.object({ secret: z.string().min(16).max(200) }).strict(),
} satisfies Record<DestinationKind, z.ZodType>;

export type DestinationSettings<K extends DestinationKind> = z.output<(typeof DESTINATION_SETTINGS)[K]>;
export type DestinationCredentials<K extends DestinationKind> = z.output<(typeof DESTINATION_CREDENTIALS)[K]>;

/** The data center of a Mailchimp key (…-us21 → us21), which picks its API host. */
export const mailchimpDataCenter = (apiKey: string): string => apiKey.slice(apiKey.lastIndexOf('-') + 1).toLowerCase();
