import type { Db } from '../../db/open-database.js';
import { createEventQueries } from '../../db/event-queries.js';
import { createIdentityResolver } from '../../identity/create-identity-resolver.js';
import type { Identifier } from '../../identity/identifier.js';
import { normalizeIdentifiers, type RawIdentifier } from '../../identity/normalize-identifiers.js';
import type { DeviceInfo } from '../../ingest/parse-user-agent.js';
import type { StoredEvent } from '../../ingest/stored-event.js';

export interface DerivedEvent {
  eventId: string;
  name: string;
  occurredAt: number;
  /** Catalog-validated properties (EVENT_CATALOG[name].properties). */
  properties: Record<string, unknown>;
  device?: DeviceInfo;
}

export interface ShopifyRecordWriter {
  /** Stitches the identifiers (docs/identity.md) and returns the profile, creating or merging as needed. */
  resolve(identifiers: readonly RawIdentifier[], at: number): number | null;
  /** Stores the event once (by its id) on the profile of these identifiers. Returns false for a duplicate. */
  recordEvent(identifiers: readonly RawIdentifier[], event: DerivedEvent): boolean;
}

/**
 * The identity and event path of /collect, for facts learnt from webhooks, inside the job runner's
 * transaction (so no transaction of its own): same identity stitching, same events table, same
 * deduplication by event id. Source 'webhook'.
 */
export function createShopifyRecordWriter(db: Db, shopId: number, receivedAt: number): ShopifyRecordWriter {
  const events = createEventQueries(db);
  const identity = createIdentityResolver(db);
  const resolve = (identifiers: readonly Identifier[], at: number) =>
    identifiers.length === 0 ? null : identity.resolve(shopId, identifiers, at);
  return {
    resolve: (raw, at) => resolve(normalizeIdentifiers(raw), at),
    recordEvent(raw, e) {
      if (events.exists(shopId, e.eventId)) return false;
      const identifiers = normalizeIdentifiers(raw);
      // An order without any identifier still counts, on a profile of its own (as /collect does).
      const profileId = resolve(identifiers, e.occurredAt) ?? identity.resolve(shopId, [], e.occurredAt);
      const stored: StoredEvent = {
        eventId: e.eventId,
        name: e.name,
        occurredAt: e.occurredAt,
        receivedAt,
        timeFlagged: false,
        visitorId: null,
        sessionId: null,
        cartToken: identifiers.find((i) => i.kind === 'cart')?.value ?? null,
        checkoutToken: identifiers.find((i) => i.kind === 'checkout')?.value ?? null,
        identifiers,
        device: e.device?.device ?? 'unknown',
        os: e.device?.os ?? null,
        browser: e.device?.browser ?? null,
        pagePath: null,
        referrerHost: null,
        properties: e.properties,
        // Storefront tracking consent does not apply: Shopify told the merchant, who may process their own orders.
        consent: { marketing: null, saleOfData: null, gpc: false },
        source: 'webhook',
      };
      events.insert(shopId, profileId, stored);
      return true;
    },
  };
}
