/**
 * Response shapes of the admin API routes added for the embedded admin (docs/api.md). The web admin
 * imports these types; the server builds exactly these. Dates are ISO strings, rates fractions (0.034).
 */

export type DeviceKey = 'mobile' | 'desktop' | 'tablet';

/** A published figure to compare with, always with its source and year (../shared/reference/benchmarks.md). */
export interface Benchmark {
  id: string;
  label: string;
  /** A fraction (0.014 = 1.4 %) or an amount in USD, see `unit`. */
  value: number;
  unit: 'fraction' | 'usd';
  source: string;
  /** "2023", "Q1 2019", "2017", or "undated". */
  year: string;
}

/** A store figure: value = numerator / denominator, null when the denominator is 0. */
export interface StoreRate {
  value: number | null;
  numerator: number;
  denominator: number;
}

/** GET /api/store-metrics?days=30 (also inside GET /api/home). */
export interface StoreMetrics {
  windowDays: number;
  from: string;
  to: string;
  /** Sessions with a completed checkout / sessions, by the device of the session. */
  conversionRate: Record<DeviceKey | 'all', StoreRate>;
  /** Sessions with a cart add and no completed checkout / sessions with a cart add. */
  cartAbandonment: Record<DeviceKey | 'all', StoreRate>;
  /** Abandoned checkouts (Checkout_Abandoned) later completed / abandoned checkouts. */
  checkoutRecovery: StoreRate;
  benchmarks: { conversionRate: Benchmark[]; cartAbandonment: Benchmark[]; checkoutRecovery: Benchmark[] };
}

/** Sessions reaching each step in the window, by device: product view → cart → checkout → purchase. */
export interface Funnel {
  windowDays: number;
  steps: { key: 'sessions' | 'product_viewed' | 'cart_added' | 'checkout_started' | 'purchased'; label: string; counts: Record<DeviceKey | 'all', number> }[];
}

export interface TrackingStep {
  key: 'app_embed' | 'web_pixel' | 'first_events';
  done: boolean;
  title: string;
  /** What to do, in a sentence a merchant can follow. */
  description: string;
  /** Where to do it (the theme editor deep link for the app embed), or null. */
  actionUrl: string | null;
}

/** GET /api/home */
export interface HomeReport {
  shop: string;
  tracking: {
    appEmbedActive: boolean | null;
    webPixelConnected: boolean;
    lastStorefrontEventAt: string | null;
    lastPixelEventAt: string | null;
    eventsLast24h: number;
    steps: TrackingStep[];
  };
  metrics: StoreMetrics;
  funnel: Funnel;
  /** The seed's self-audit: the 3 largest active segments, whether each is acted on distinctly, and fresh. */
  audit: {
    segments: {
      id: number; name: string; memberCount: number; activation: { channel: string; plan: string };
      distinctActivation: boolean; refreshedAt: string | null; stale: boolean;
    }[];
    warnings: { code: string; message: string; segmentIds: number[] }[];
  };
}

/** GET /api/profiles/:id/events?limit=50&before=<cursor> : the shopper's timeline, newest first. */
export interface ProfileEventsPage {
  events: { id: string; name: string; occurredAt: string; device: string; source: string; pagePath: string | null; properties: Record<string, unknown> }[];
  nextCursor: string | null;
}

/** GET /api/settings, PATCH /api/settings (any subset of the editable fields). */
export interface ShopSettings {
  /** Minutes after a cart's last activity without a purchase before it is abandoned (1–10,080, default 60). */
  cartAbandonmentMinutes: number;
  /** The same for a started checkout (1–10,080, default 60). */
  checkoutAbandonmentMinutes: number;
  /** Events older than this many days are deleted every day (30–1,095, default 365). */
  dataRetentionDays: number;
}

/** GET /api/segments/recompute and the answer of POST /api/segments/recompute (202). */
export interface RecomputeStatus {
  status: 'idle' | 'running' | 'done' | 'failed';
  profilesDone: number;
  profilesTotal: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

// ---- Destinations (issue 7, docs/destinations.md) ----

export type DestinationKindKey = 'klaviyo' | 'mailchimp' | 'shopify_tags' | 'webhook';

/** Why a shopper of a linked segment was not sent (counted per run). */
export type ExclusionReasonKey =
  | 'no_email' | 'no_customer_id' | 'no_marketing_consent' | 'gpc' | 'sale_of_data_opt_out'
  | 'invalid_syntax' | 'disposable' | 'role_account' | 'suppressed';

export interface SyncRunView {
  id: number;
  destinationId: number;
  trigger: 'manual' | 'membership' | 'schedule';
  status: 'queued' | 'running' | 'succeeded' | 'partial' | 'failed' | 'paused';
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Operations planned and done so far: the progress bar is done / total. */
  total: number;
  done: number;
  added: number;
  removed: number;
  updated: number;
  failed: number;
  excluded: Partial<Record<ExclusionReasonKey, number>>;
  /** Shown, never acted on: possible_typo → count. */
  hints: Record<string, number>;
  error: { code: string; message: string } | null;
}

export interface DestinationLinkView {
  segmentId: number;
  segmentName: string;
  /** Klaviyo list id, Mailchimp or Shopify tag; null before the first run. */
  remoteRef: string | null;
  /** Members the remote holds for this segment after the last run. */
  syncedMembers: number;
  /** Operations dead for good (rejected by the remote). */
  deadOperations: number;
}

/** GET /api/destinations (items), GET/PATCH /api/destinations/:id. Credentials are never returned. */
export interface DestinationView {
  id: number;
  kind: DestinationKindKey;
  name: string;
  settings: Record<string, unknown>;
  credentialsSet: boolean;
  status: 'active' | 'paused';
  /** credentials_rejected or merchant, with the remote's message. */
  paused: { reason: string; message: string | null } | null;
  links: DestinationLinkView[];
  lastRun: SyncRunView | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/segments/:id/destinations: the segment's links, for its "Linked destinations" card. */
export interface SegmentDestinationView {
  destination: { id: number; kind: DestinationKindKey; name: string; status: 'active' | 'paused'; paused: { reason: string; message: string | null } | null };
  link: DestinationLinkView;
  lastRun: SyncRunView | null;
}
