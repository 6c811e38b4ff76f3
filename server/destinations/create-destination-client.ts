import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { AppConfig } from '../config.js';
import type { Clock } from '../clock.js';
import { createTokenCipher } from '../auth/create-token-cipher.js';
import type { AdminGraphqlClient } from '../shopify/create-admin-graphql-client.js';
import type { DestinationClient, DestinationKind } from './destination-client.js';
import { DESTINATION_CREDENTIALS, DESTINATION_SETTINGS, mailchimpDataCenter } from './destination-settings.js';
import type { HttpClient } from './http/http-client.js';
import { createKlaviyoClient, createKlaviyoRateLimiter } from './klaviyo/create-klaviyo-client.js';
import { createMailchimpClient, MAILCHIMP_MAX_CONNECTIONS } from './mailchimp/create-mailchimp-client.js';
import { createConcurrencyLimiter, type ConcurrencyLimiter } from './http/create-concurrency-limiter.js';
import type { RateLimiter } from './http/create-rate-limiter.js';
import { createShopifyTagsClient } from './shopify-tags/create-shopify-tags-client.js';
import { createWebhookClient } from './webhook/create-webhook-client.js';

/** A stored destination that cannot be turned into a client: settings or credentials unreadable. */
export class DestinationConfigurationError extends Error {
  readonly code = 'invalid_configuration';
  constructor(message: string) {
    super(message);
    this.name = 'DestinationConfigurationError';
  }
}

export interface StoredDestination {
  id: number;
  kind: DestinationKind;
  /** destinations.settings (JSON). */
  settings: string;
  credentialsSealed: string | null;
  /** The shop's myshopify domain (Shopify tags go through its Admin API). */
  shopDomain: string;
}

export interface DestinationClientDeps {
  config: Pick<AppConfig, 'encryptionKey' | 'destinations'>;
  http: HttpClient;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  graphqlFor(shopDomain: string): AdminGraphqlClient;
  /** Limits are per remote account: clients built for the same key share them (createSharedLimits). */
  limits?: SharedLimits;
}

export interface SharedLimits {
  klaviyo(apiKey: string): RateLimiter;
  mailchimp(apiKey: string): ConcurrencyLimiter;
}

/** One Klaviyo rate budget and one Mailchimp connection pool per API key, for the life of the process. */
export function createSharedLimits(clock: Clock, sleep: (ms: number) => Promise<void>): SharedLimits {
  const klaviyo = new Map<string, RateLimiter>();
  const mailchimp = new Map<string, ConcurrencyLimiter>();
  const keyOf = (apiKey: string) => createHash('sha256').update(apiKey).digest('hex');
  return {
    klaviyo(apiKey) {
      const k = keyOf(apiKey);
      let limiter = klaviyo.get(k);
      if (!limiter) klaviyo.set(k, (limiter = createKlaviyoRateLimiter(clock, sleep)));
      return limiter;
    },
    mailchimp(apiKey) {
      const k = keyOf(apiKey);
      let limiter = mailchimp.get(k);
      if (!limiter) mailchimp.set(k, (limiter = createConcurrencyLimiter(MAILCHIMP_MAX_CONNECTIONS)));
      return limiter;
    },
  };
}

/** Builds the kind's client from a stored row: settings parsed, credentials decrypted, base URL from config. */
export function createDestinationClient(row: StoredDestination, deps: DestinationClientDeps): DestinationClient {
  const { http, clock, sleep } = deps;
  switch (row.kind) {
    case 'klaviyo': {
      const settings = parse(row, DESTINATION_SETTINGS.klaviyo, readSettings(row));
      const credentials = parse(row, DESTINATION_CREDENTIALS.klaviyo, readCredentials(row, deps));
      return createKlaviyoClient({
        baseUrl: deps.config.destinations.klaviyoApiUrl, apiKey: credentials.apiKey, subscribeWithConsent: settings.subscribeWithConsent, http, clock, sleep,
        ...(deps.limits && { rateLimiter: deps.limits.klaviyo(credentials.apiKey) }),
      });
    }
    case 'mailchimp': {
      const settings = parse(row, DESTINATION_SETTINGS.mailchimp, readSettings(row));
      const credentials = parse(row, DESTINATION_CREDENTIALS.mailchimp, readCredentials(row, deps));
      const baseUrl = deps.config.destinations.mailchimpApiUrl.replaceAll('{dc}', mailchimpDataCenter(credentials.apiKey));
      return createMailchimpClient({
        baseUrl, apiKey: credentials.apiKey, audienceId: settings.audienceId, http, clock, sleep,
        ...(deps.limits && { limiter: deps.limits.mailchimp(credentials.apiKey) }),
      });
    }
    case 'shopify_tags': {
      const settings = parse(row, DESTINATION_SETTINGS.shopify_tags, readSettings(row));
      return createShopifyTagsClient({ graphql: deps.graphqlFor(row.shopDomain), tagPrefix: settings.tagPrefix });
    }
    case 'webhook': {
      const settings = parse(row, DESTINATION_SETTINGS.webhook, readSettings(row));
      const credentials = parse(row, DESTINATION_CREDENTIALS.webhook, readCredentials(row, deps));
      return createWebhookClient({
        url: settings.url, secret: credentials.secret, destinationId: row.id, requireMarketingConsent: settings.requireMarketingConsent, http, clock,
      });
    }
  }
}

/** The kind's settings, parsed; for the eligibility policy (webhook requireMarketingConsent). */
export function readDestinationSettings(row: Pick<StoredDestination, 'id' | 'kind' | 'settings'>): Record<string, unknown> {
  return parse(row, DESTINATION_SETTINGS[row.kind] as z.ZodType<Record<string, unknown>>, readSettings(row));
}

function readSettings(row: Pick<StoredDestination, 'id' | 'settings'>): unknown {
  try {
    return JSON.parse(row.settings) as unknown;
  } catch {
    throw new DestinationConfigurationError(`The settings of destination ${row.id} are not valid JSON.`);
  }
}

function readCredentials(row: StoredDestination, deps: DestinationClientDeps): unknown {
  if (row.credentialsSealed === null) throw new DestinationConfigurationError('No credentials are stored for this destination.');
  try {
    return JSON.parse(createTokenCipher(deps.config.encryptionKey).decrypt(row.credentialsSealed)) as unknown;
  } catch {
    // Never echo the value: it is a secret.
    throw new DestinationConfigurationError('The stored credentials cannot be read (was ENCRYPTION_KEY changed?). Enter them again.');
  }
}

function parse<T>(row: Pick<StoredDestination, 'id'>, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new DestinationConfigurationError(`The stored settings or credentials of destination ${row.id} are no longer valid. Edit the destination.`);
  return result.data;
}
