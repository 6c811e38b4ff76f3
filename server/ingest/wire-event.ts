import { z } from 'zod';
import { LIMITS, longText } from './property-fields.js';

/**
 * The wire format of /collect and /proxy/collect (docs/events.md). The interfaces are exported for the
 * storefront tracker and the web pixel (type-only imports); the zod schemas below are checked against
 * them at compile time so the two cannot drift.
 */
export interface WireConsent {
  analytics?: boolean;
  marketing?: boolean;
  preferences?: boolean;
  saleOfData?: boolean;
  /** Global Privacy Control signal (navigator.globalPrivacyControl). */
  gpc?: boolean;
}

export interface WireContext {
  /** Full page URL; the server keeps only the path and the query-string keys. */
  url?: string;
  /** Full referrer URL; the server keeps only the host. */
  referrer?: string;
  viewport?: { w: number; h: number };
  /** navigator.userAgent; reduced to device class, OS and browser family, then dropped. */
  userAgent?: string;
  /** Whether the device has a touch screen (navigator.maxTouchPoints > 0). */
  touch?: boolean;
}

export interface WireEvent {
  /** Client-generated UUID; the same id for the same shop is stored once. */
  id: string;
  /** Object_Action, e.g. "Product_Viewed". */
  name: string;
  /** ISO 8601 time with offset, e.g. "2025-01-31T12:00:00.000Z". */
  ts: string;
  visitorId: string;
  sessionId: string;
  customerId?: string | number;
  /** Shopify's client id (web pixel `event.clientId`). */
  clientId?: string;
  cartToken?: string;
  checkoutToken?: string;
  /** Stored only as a normalized identity identifier, never with the event. */
  email?: string;
  properties?: Record<string, unknown>;
  context?: WireContext;
  consent?: WireConsent;
}

export type EventSourceName = 'storefront' | 'pixel';

/** Fields shared by every event of a request, sent once; an event's own value wins over these. */
export const COMMON_FIELDS = ['visitorId', 'sessionId', 'customerId', 'clientId', 'cartToken', 'checkoutToken', 'email', 'context', 'consent'] as const;
export type CommonFields = Partial<Pick<WireEvent, (typeof COMMON_FIELDS)[number]>>;

export interface CollectRequest {
  shop: string;
  /** The shop's public ingest key. */
  key: string;
  /** Events may leave out fields given here (the storefront tracker sends its ids, context and consent once). */
  common?: CommonFields;
  events: (WireEvent | Omit<WireEvent, keyof CommonFields>)[];
  source?: EventSourceName;
}

/** Body of /proxy/collect: the shop and customer come from Shopify's signed query string. */
export interface ProxyCollectRequest {
  common?: CommonFields;
  events: (WireEvent | Omit<WireEvent, keyof CommonFields>)[];
  source?: EventSourceName;
}

export type RejectionCode = 'invalid_event' | 'invalid_event_name' | 'reserved_event_name' | 'invalid_properties';

export interface EventRejection {
  /** Position of the event in the request's `events` array. */
  index: number;
  code: RejectionCode;
  message: string;
}

/** The 202 answer: `ignored` counts events dropped on purpose (no analytics consent, bots). */
export interface CollectResponse {
  accepted: number;
  duplicates: number;
  ignored: number;
  rejected: EventRejection[];
}

export type CollectErrorCode =
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'malformed_json'
  | 'invalid_request'
  | 'too_many_events'
  | 'unknown_shop'
  | 'invalid_key'
  | 'shop_inactive'
  | 'rate_limited'
  | 'invalid_signature'
  | 'stale_request'
  | 'internal_error';

// Printable ASCII without spaces: ids and tokens never need more, and it keeps control bytes out of the DB.
// One regex holds the length bounds too: a single check per field instead of three, on every event.
const token = (max: number) =>
  z.string().regex(new RegExp(`^[\\x21-\\x7e]{1,${max}}$`), `expected 1 to ${max} printable ASCII characters without spaces`);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const WireEventSchema = z.object({
  id: z.uuid().transform((id) => id.toLowerCase()),
  name: z.string().max(LIMITS.shortText),
  ts: z.iso.datetime({ offset: true }),
  visitorId: token(64),
  sessionId: token(64),
  customerId: z
    .union([z.string(), z.number().int().nonnegative()])
    .transform((v) => String(v).replace(/^gid:\/\/shopify\/Customer\//, ''))
    .pipe(z.string().regex(/^\d{1,20}$/, 'expected a Shopify customer id'))
    .optional(),
  clientId: token(128).optional(),
  cartToken: token(256).optional(),
  checkoutToken: token(256).optional(),
  // A mistyped address is not an identifier, but it is no reason to lose the event either.
  email: z
    .string()
    .max(254)
    .transform((v) => {
      const normalized = v.trim().toLowerCase();
      return EMAIL.test(normalized) ? normalized : undefined;
    })
    .optional(),
  properties: z.record(z.string().max(LIMITS.customKeyLength), z.unknown()).optional(),
  context: z
    .object({
      url: longText.optional(),
      referrer: longText.optional(),
      viewport: z.object({ w: z.number().int().min(0).max(100_000), h: z.number().int().min(0).max(100_000) }).optional(),
      userAgent: z.string().max(512).optional(),
      touch: z.boolean().optional(),
    })
    .optional(),
  consent: z
    .object({
      analytics: z.boolean().optional(),
      marketing: z.boolean().optional(),
      preferences: z.boolean().optional(),
      saleOfData: z.boolean().optional(),
      gpc: z.boolean().optional(),
    })
    .optional(),
});
export type ValidWireEvent = z.output<typeof WireEventSchema>;

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,99}\.myshopify\.com$/;
const source = z.enum(['storefront', 'pixel']).optional();
// Values are checked per event after merging (so a bad one is that event's rejection); only the keys are fixed here.
const common = z.strictObject(Object.fromEntries(COMMON_FIELDS.map((k) => [k, z.unknown().optional()]))).optional();
// Events stay `unknown` here: each one is validated on its own so a bad event never sinks its siblings.
export const CollectRequestSchema = z.object({
  shop: z.string().regex(SHOP_DOMAIN, 'expected a <name>.myshopify.com domain'),
  key: z.string().min(1).max(128),
  common,
  events: z.array(z.unknown()),
  source,
});
export const ProxyCollectRequestSchema = z.object({ common, events: z.array(z.unknown()), source });

// Compile-time guarantees that the exported interfaces are exactly what the schemas accept.
type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type WireEventMatchesSchema = Assert<Same<Omit<z.input<typeof WireEventSchema>, never>, WireEvent>>;
