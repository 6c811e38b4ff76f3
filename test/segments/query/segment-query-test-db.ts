import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../server/db/open-database.js';
import { createShopQueries } from '../../../server/db/shops.js';
import type { CompiledSegmentQuery } from '../../../server/segments/query/compile-segment-query.js';
import { SEGMENT_ATTRIBUTES } from '../../../server/segments/query/segment-attributes.js';
import type { SegmentShopper } from '../../../server/segments/query/segment-shopper.js';

/** A real migrated SQLite file holding shoppers as profile_traits + events rows, queried as the engine does. */
export interface SegmentQueryTestDb {
  db: Db;
  shopId: number;
  /** Stores the shopper and returns its profile id. */
  insert(shopper: SegmentShopper): number;
  /** Profile ids matching `SELECT t.profile_id FROM profile_traits t WHERE t.shop_id = ? AND (<sql>)`, ascending. */
  matching(compiled: CompiledSegmentQuery): number[];
  close(): void;
}

export function openSegmentQueryTestDb(): SegmentQueryTestDb {
  const dir = mkdtempSync(join(tmpdir(), 'shopper-segments-query-'));
  const db = openDatabase(join(dir, 'query.db'));
  const shopId = createShopQueries(db).ensure('query-test.myshopify.com', 1_700_000_000_000).id;
  const attributes = Object.values(SEGMENT_ATTRIBUTES);
  const columns = ['profile_id', 'shop_id', 'customer_tags', 'computed_at', ...attributes.map((a) => a.column)];
  const insertProfile = db.prepare('INSERT INTO profiles (shop_id, first_seen_at, last_seen_at, created_at) VALUES (?, 0, 0, 0)');
  const insertTraits = db.prepare(`INSERT INTO profile_traits (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const insertEvent = db.prepare(`INSERT INTO events (shop_id, event_id, name, occurred_at, received_at, profile_id, device, properties, source)
    VALUES (?, ?, ?, ?, ?, ?, 'desktop', ?, 'test')`);
  let eventCounter = 0;
  const insert = db.transaction((shopper: SegmentShopper): number => {
    const profileId = Number(insertProfile.run(shopId).lastInsertRowid);
    const values = attributes.map((a) => {
      if (a.column === 'customer_tags_folded') return JSON.stringify(shopper.customerTags.map((tag) => tag.toLowerCase()));
      return shopper[a.field] as number | string | null;
    });
    insertTraits.run(profileId, shopId, JSON.stringify(shopper.customerTags), 0, ...values);
    for (const event of shopper.events) {
      insertEvent.run(shopId, `event-${eventCounter++}`, event.name, event.occurredAt, event.occurredAt, profileId, JSON.stringify(event.properties));
    }
    return profileId;
  });
  return {
    db,
    shopId,
    insert,
    matching(compiled) {
      const rows = db.prepare(`SELECT t.profile_id FROM profile_traits t WHERE t.shop_id = ? AND (${compiled.sql}) ORDER BY t.profile_id`)
        .pluck().all(shopId, ...compiled.params) as number[];
      return rows;
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
