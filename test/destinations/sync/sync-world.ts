import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../../server/config.js';
import { fixedClock } from '../../../server/clock.js';
import { openDatabase, type Db } from '../../../server/db/open-database.js';
import { createShopQueries, type ShopRow } from '../../../server/db/shops.js';
import { createSegmentQueries } from '../../../server/db/segment-queries.js';
import { createSegmentMembershipQueries } from '../../../server/db/segment-membership-queries.js';
import { createDestinationQueries } from '../../../server/db/destination-queries.js';
import { createTokenCipher } from '../../../server/auth/create-token-cipher.js';
import { silentLogger } from '../../../server/logger.js';
import { createFetchHttpClient, type HttpClient } from '../../../server/destinations/http/http-client.js';
import { createDestinationSync, type DestinationSync, type DestinationSyncDeps } from '../../../server/destinations/sync/create-destination-sync.js';

export const T0 = Date.parse('2026-11-20T10:00:00Z');
export const SECRET = 'whsec_test_secret_0123456789abcdef';

/**
 * A real SQLite file with one shop, helpers to create shoppers, segments, memberships and a webhook
 * destination the way the app stores them, and a DestinationSync on a fixed clock whose sleeps move
 * the clock (a Retry-After or a backoff passes at once).
 */
export interface SyncWorld {
  db: Db;
  path: string;
  config: AppConfig;
  clock: ReturnType<typeof fixedClock>;
  shop: ShopRow;
  /** A shopper with an email identifier and, when `consent`, Shopify's subscribed state. Returns the profile id. */
  shopper(email: string, options?: { consent?: boolean; orders?: number }): number;
  segment(name: string): number;
  enter(segmentId: number, profileIds: readonly number[]): void;
  exit(segmentId: number, profileIds: readonly number[]): void;
  setOrders(profileId: number, orders: number): void;
  withdrawConsent(profileId: number): void;
  webhookDestination(url: string, options?: { secret?: string; name?: string }): number;
  link(destinationId: number, segmentId: number): void;
  sync(options?: Partial<DestinationSyncDeps>): DestinationSync;
  count(sql: string, ...params: unknown[]): number;
  close(): void;
}

export function openSyncWorld(options: { path?: string; clock?: ReturnType<typeof fixedClock> } = {}): SyncWorld {
  const dir = options.path ? null : mkdtempSync(join(tmpdir(), 'shopper-segments-sync-'));
  const path = options.path ?? join(dir!, 'app.db');
  const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent', SYNC_DEBOUNCE_MS: '30000' });
  const db = openDatabase(path);
  const clock = options.clock ?? fixedClock(T0);
  const shop = createShopQueries(db).ensure('sync-test.myshopify.com', T0 - 86_400_000);
  const segments = createSegmentQueries(db);
  const memberships = createSegmentMembershipQueries(db);
  const destinations = createDestinationQueries(db);
  const cipher = createTokenCipher(config.encryptionKey);
  let customerSeq = 1000;
  const syncs: DestinationSync[] = [];

  const day = () => new Date(clock.now()).toISOString().slice(0, 10);
  const http: HttpClient = createFetchHttpClient({ timeoutMs: 400 });

  return {
    db, path, config, clock, shop,
    shopper(email, o = {}) {
      const now = clock.now();
      const profileId = Number(db.prepare('INSERT INTO profiles (shop_id, customer_id, first_seen_at, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(shop.id, null, now, now, now).lastInsertRowid);
      db.prepare("INSERT INTO identifiers (shop_id, kind, value, profile_id, first_seen_at) VALUES (?, 'email', ?, ?, ?)").run(shop.id, email, profileId, now);
      const customerId = String(++customerSeq);
      db.prepare(`INSERT INTO customers (shop_id, customer_id, profile_id, email_consent_state, email_consent_updated_at, received_at)
        VALUES (?, ?, ?, ?, ?, ?)`).run(shop.id, customerId, profileId, o.consent === false ? 'not_subscribed' : 'subscribed', now, now);
      db.prepare('INSERT INTO profile_traits (profile_id, shop_id, number_of_orders, computed_at) VALUES (?, ?, ?, ?)').run(profileId, shop.id, o.orders ?? 1, now);
      return profileId;
    },
    segment: (name) => segments.insert(shop.id, {
      templateKey: null, name, description: '', query: 'number_of_orders >= 1', kpi: 'repeat_rate',
      activationChannel: 'email', activationPlan: '', refreshPolicy: 'live', status: 'active',
    }, clock.now()),
    enter(segmentId, ids) {
      db.transaction(() => memberships.apply(segmentId, ids.map((profileId) => ({ segmentId, profileId, change: 'enter' as const, at: clock.now(), reason: 'live' as const })), day()))();
    },
    exit(segmentId, ids) {
      db.transaction(() => memberships.apply(segmentId, ids.map((profileId) => ({ segmentId, profileId, change: 'exit' as const, at: clock.now(), reason: 'live' as const })), day()))();
    },
    setOrders: (profileId, orders) => { db.prepare('UPDATE profile_traits SET number_of_orders = ? WHERE profile_id = ?').run(orders, profileId); },
    withdrawConsent: (profileId) => {
      db.prepare("UPDATE customers SET email_consent_state = 'unsubscribed', email_consent_updated_at = ? WHERE profile_id = ?").run(clock.now(), profileId);
    },
    webhookDestination(url, o = {}) {
      return destinations.insert(shop.id, {
        kind: 'webhook', name: o.name ?? 'Webhook', settings: JSON.stringify({ url, requireMarketingConsent: true }),
        credentialsSealed: cipher.encrypt(JSON.stringify({ secret: o.secret ?? SECRET })),
      }, clock.now());
    },
    link: (destinationId, segmentId) => { destinations.insertLink(destinationId, segmentId, clock.now()); },
    sync(o = {}) {
      const sync = createDestinationSync({
        db, clock, config, logger: silentLogger, http,
        graphqlFor: () => { throw new Error('no Shopify in these tests'); },
        sleep: async (ms) => { clock.advance(ms); },
        random: () => 0.5,
        ...o,
      });
      syncs.push(sync);
      return sync;
    },
    count: (sql, ...params) => db.prepare(sql).pluck().get(...params) as number,
    close() {
      for (const s of syncs) void s.stop();
      db.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
