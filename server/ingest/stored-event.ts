import type { Identifier } from '../identity/identifier.js';

export type DeviceClass = 'mobile' | 'tablet' | 'desktop' | 'unknown';
export type EventSource = 'storefront' | 'pixel' | 'server' | 'demo-seed' | 'webhook';

/**
 * An event after validation and data minimization, ready for the events table:
 * no IP, no raw user agent, no email in properties (emails travel only as identifiers).
 */
export interface StoredEvent {
  eventId: string;
  name: string;
  occurredAt: number;
  receivedAt: number;
  /** True when the client clock was more than 24 h from ours (occurredAt then equals receivedAt). */
  timeFlagged: boolean;
  visitorId: string | null;
  sessionId: string | null;
  cartToken: string | null;
  checkoutToken: string | null;
  /** Every identifier the event carries (visitor, client, cart, checkout, customer, email); at least one. */
  identifiers: Identifier[];
  device: DeviceClass;
  os: string | null;
  browser: string | null;
  pagePath: string | null;
  referrerHost: string | null;
  properties: Record<string, unknown>;
  consent: { marketing: boolean | null; saleOfData: boolean | null; gpc: boolean };
  source: EventSource;
}

export interface WriteResult {
  accepted: number;
  duplicates: number;
}

export interface EventWriter {
  /** Stores the events of one shop in a single transaction; duplicates (same shop + eventId) are skipped. */
  writeBatch(shopId: number, events: readonly StoredEvent[]): WriteResult;
}
