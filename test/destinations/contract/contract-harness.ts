import type { DestinationKind } from '../../../server/destinations/destination-client.js';
import type { Db } from '../../../server/db/open-database.js';

/**
 * What one destination's fake offers the shared contract suite (destination-contract.test.ts): the suite
 * starts the real app pointed at the fake, creates the destination through the API, links a segment,
 * syncs, and compares the remote's state with the segment. One harness per destination kind.
 */
export interface ContractFixture {
  /** Environment for startTestApp so the app reaches this fake (KLAVIYO_API_URL, SHOPIFY_ADMIN_ORIGIN...). */
  env: Record<string, string>;
  /** Body for POST /api/destinations. */
  destination: { kind: DestinationKind; name: string; settings: Record<string, unknown>; credentials: Record<string, unknown> };
  /** Credentials the fake refuses (401 or 403), for PATCH /api/destinations/:id. */
  wrongCredentials: Record<string, unknown>;
  /** Any setup the fake needs once the app has created its shop (e.g. an offline session for Shopify). */
  prepareApp?(app: { db: Db; shopDomain: string }): Promise<void> | void;
  /**
   * Members the remote holds for a linked segment now, active ones only: key → our `ss_` properties.
   * key = the lower-cased email, or the Shopify customer id for identity 'customer'.
   */
  members(remoteRef: string): Promise<Map<string, Record<string, unknown>>>;
  /** Flow-trigger events the remote recorded (Entered/Exited Segment), or null if it has none. */
  flowEvents(): Array<{ key: string; name: 'Entered Segment' | 'Exited Segment'; uniqueId: string }> | null;
  /** The next `times` (default 1) calls on the sync path fail this way (timeout: never answered). */
  inject(fault: 'throttle' | 'server_error' | 'timeout', times?: number): void;
  /** From now on the remote refuses this member for good (bounced, cleaned, invalid). */
  refuse(key: string): void;
  /** Requests the fake answered so far (to show a resumed run sends no duplicate adds). */
  requestCount(): number;
  close(): Promise<void>;
}

export interface ContractHarness {
  kind: DestinationKind;
  /** How the remote keys a member. */
  identity: 'email' | 'customer';
  start(): Promise<ContractFixture>;
}
