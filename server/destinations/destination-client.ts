/**
 * The one interface every destination (Klaviyo, Mailchimp, Shopify tags, webhook) implements, and the
 * plain data the sync engine hands it. Clients know their remote's contract; the engine knows
 * membership, consent, retries and the outbox (docs/destinations.md).
 */
export type DestinationKind = 'klaviyo' | 'mailchimp' | 'shopify_tags' | 'webhook';

/** Custom properties we write on a remote profile: every key starts with `ss_`, so none clashes with the remote's own. */
export type SyncProperties = Readonly<Record<`ss_${string}`, string | number | boolean | null | readonly string[]>>;

/** A segment member as a destination receives it (only after the consent gate and email hygiene). */
export interface SyncMember {
  profileId: number;
  /** Trimmed, as captured; null for a destination keyed by customer id (Shopify tags). */
  email: string | null;
  /** Shopify's numeric customer id, when the profile is a known customer. */
  customerId: string | null;
  properties: SyncProperties;
  /** Recorded email-marketing consent (Shopify's state, or consent captured with the address). */
  marketingConsent: boolean;
  /** When that consent was given, if known (Klaviyo's historical import needs it). */
  consentedAt: number | null;
  /** entered_at of the segment membership: Entered/Exited events use it in their unique ids. */
  enteredAt: number;
}

export type SyncOperation =
  | { op: 'add'; member: SyncMember }
  | { op: 'update'; member: SyncMember; remoteId: string | null }
  /** Leave the list or deactivate the tag; never an unsubscribe. email/customerId are null once redacted. */
  | { op: 'remove'; profileId: number; email: string | null; customerId: string | null; remoteId: string | null; enteredAt: number };

/** Why a remote refused an address for good: the address is suppressed for that destination. */
export type SuppressionReason = 'bounced' | 'cleaned' | 'forgotten' | 'compliance' | 'invalid';

export type OperationOutcome =
  /** remoteId: the remote's id for the member (Klaviyo profile id, Mailchimp subscriber hash, customer gid...). */
  | { result: 'ok'; remoteId: string | null }
  /** Final for this item (a 400/422 about it): the outbox row goes dead, never retried. */
  | { result: 'rejected'; status: number; code: string; message: string; suppress?: SuppressionReason }
  /** Transient for this item only (the call as a whole went through): retried with backoff. */
  | { result: 'retry'; status: number; code: string; message: string };

/** A linked segment as the client sees it. remoteRef: list id or tag, null before the first run. */
export interface SyncTarget {
  segmentId: number;
  segmentName: string;
  remoteRef: string | null;
}

export interface DestinationClient {
  readonly kind: DestinationKind;
  /** Most operations the engine passes to one apply() call. */
  readonly batchSize: number;
  /** Most apply() calls of one run in flight at once (default 1): for remotes whose batch is a chain of dependent calls. */
  readonly concurrency?: number;
  /** Checks credentials and settings with one cheap call; throws DestinationError when they do not work. */
  verify(): Promise<void>;
  /** Finds or creates the list/tag for a linked segment and returns the ref to keep (idempotent). */
  ensureTarget(target: SyncTarget): Promise<string>;
  /**
   * Applies operations for one linked segment and returns one outcome per operation, in order.
   * A failure of the whole call (auth, throttling, 5xx, network) throws DestinationError instead.
   * Replaying the same operations must be harmless: the engine re-sends after a crash.
   */
  apply(target: SyncTarget & { remoteRef: string }, ops: readonly SyncOperation[]): Promise<OperationOutcome[]>;
}
