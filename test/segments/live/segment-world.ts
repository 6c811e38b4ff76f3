import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fixedClock } from '../../../server/clock.js';
import { openDatabase, type Db } from '../../../server/db/open-database.js';
import { createShopQueries } from '../../../server/db/shops.js';
import { createSegmentQueries } from '../../../server/db/segment-queries.js';
import { createIdentityResolver } from '../../../server/identity/create-identity-resolver.js';
import type { Identifier } from '../../../server/identity/identifier.js';
import { createEventWriter } from '../../../server/ingest/create-event-writer.js';
import type { DeviceClass, StoredEvent } from '../../../server/ingest/stored-event.js';
import { silentLogger } from '../../../server/logger.js';
import { createSegmentEngine, type SegmentEngine } from '../../../server/segments/live/create-segment-engine.js';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export interface SegmentWorld {
  db: Db;
  dir: string;
  shopId: number;
  clock: ReturnType<typeof fixedClock>;
  engine: SegmentEngine;
  /** Stores events through the ingestion writer (identity stitching included), as /collect does. */
  send(events: readonly StoredEvent[]): void;
  addSegment(name: string, query: string, refreshPolicy?: string): number;
  members(segmentId: number): number[];
  log(segmentId: number): { profileId: number; change: string; reason: string; at: number }[];
  profileOf(visitor: string): number;
  traits(profileId: number): Record<string, unknown>;
  close(): void;
}

/** A real SQLite file with the demo shop, the real ingestion writer and the real engine, driven by hand. */
export function createSegmentWorld(start: number, options: { abandonmentWindowMs?: number } = {}): SegmentWorld {
  const dir = mkdtempSync(join(tmpdir(), 'segments-'));
  const db = openDatabase(join(dir, 'app.db'));
  const clock = fixedClock(start);
  const shop = createShopQueries(db).ensure('demo-shop.myshopify.com', start, 'key');
  const writer = createEventWriter({ db, identity: createIdentityResolver(db) });
  const engine = createSegmentEngine({ db, clock, logger: silentLogger, options: { abandonmentWindowMs: options.abandonmentWindowMs ?? HOUR } });
  const segments = createSegmentQueries(db);
  return {
    db, dir, shopId: shop.id, clock, engine,
    send: (events) => { writer.writeBatch(shop.id, events); },
    addSegment: (name, query, refreshPolicy = 'live') => segments.insert(shop.id, {
      templateKey: null, name, description: '', query, kpi: 'conversion_rate', activationChannel: 'email', activationPlan: name, refreshPolicy, status: 'active',
    }, clock.now()),
    members: (segmentId) => db.prepare('SELECT profile_id FROM segment_members WHERE segment_id = ? ORDER BY profile_id').pluck().all(segmentId) as number[],
    log: (segmentId) => db.prepare(`SELECT profile_id AS profileId, change, reason, at FROM segment_membership_log WHERE segment_id = ? ORDER BY id`)
      .all(segmentId) as { profileId: number; change: string; reason: string; at: number }[],
    profileOf: (visitor) => db.prepare("SELECT profile_id FROM identifiers WHERE kind = 'visitor' AND value = ?").pluck().get(visitor) as number,
    traits: (profileId) => db.prepare('SELECT * FROM profile_traits WHERE profile_id = ?').get(profileId) as Record<string, unknown>,
    close: () => { db.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

/** One storefront event of a visitor (and optionally more identifiers), as the ingestion pipeline stores it. */
export function shopperEvent(visitor: string, name: string, occurredAt: number, properties: Record<string, unknown> = {}, extra: {
  device?: DeviceClass; session?: string; cartToken?: string; checkoutToken?: string; identifiers?: Identifier[];
} = {}): StoredEvent {
  const identifiers: Identifier[] = [{ kind: 'visitor', value: visitor }, ...(extra.identifiers ?? [])];
  if (extra.cartToken) identifiers.push({ kind: 'cart', value: extra.cartToken });
  if (extra.checkoutToken) identifiers.push({ kind: 'checkout', value: extra.checkoutToken });
  return {
    eventId: randomUUID(), name, occurredAt, receivedAt: occurredAt, timeFlagged: false, visitorId: visitor,
    sessionId: extra.session ?? `${visitor}-s1`, cartToken: extra.cartToken ?? null, checkoutToken: extra.checkoutToken ?? null,
    identifiers, device: extra.device ?? 'mobile', os: null, browser: null, pagePath: '/', referrerHost: null, properties,
    consent: { marketing: true, saleOfData: true, gpc: false }, source: 'storefront',
  };
}
