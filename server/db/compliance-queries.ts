import type { Db } from './open-database.js';

export type ComplianceKind = 'customers/data_request' | 'customers/redact' | 'shop/redact';

/** Who a customer request is about: the customer id, their emails (normalized) and the orders Shopify named. */
export interface CustomerSubject {
  shopId: number;
  customerId: string;
  emails: readonly string[];
  orderIds: readonly string[];
}

export interface ComplianceRequestRecord {
  shopDomain: string;
  kind: ComplianceKind;
  webhookEventId: string;
  shopifyRequestId: string | null;
  requestedAt: number;
  completedAt: number;
  /** Rows exported or deleted per table: numbers only, never personal data. */
  counts: Record<string, number>;
}

export type TableRows = Record<string, Record<string, unknown>[]>;

export interface ComplianceQueries {
  /** The request already recorded for this delivery (a redelivery), if any. */
  findRequest(shopDomain: string, webhookEventId: string): { id: number } | undefined;
  recordRequest(request: ComplianceRequestRecord): number;
  saveExport(requestId: number, shopId: number, customerId: string, exportJson: string, at: number): void;
  /** A stored data request export, for the merchant to download and hand to the customer. */
  getExport(shopId: number, requestId: number): { customerId: string; export: string; createdAt: number } | undefined;
  /**
   * Every profile id that is or was the customer's: the profiles holding their customer id, the
   * anonymous profiles holding their email, and every profile merged into those (profile_merges).
   */
  subjectProfileIds(subject: CustomerSubject): number[];
  /** Every row about the customer, per table (CUSTOMER_TABLES). */
  customerRows(subject: CustomerSubject, profileIds: readonly number[]): TableRows;
  /** Deletes every row about the customer; returns the count per table. Caller holds the transaction. */
  deleteCustomerRows(subject: CustomerSubject, profileIds: readonly number[]): Record<string, number>;
  /** Webhook jobs of the shop still holding their payload (queued or failed), to search for the customer. */
  pendingJobPayloads(shopId: number): { id: number; payload: string }[];
  /** Deletes the given jobs of the shop that are still queued or failed; returns how many. Caller holds the transaction. */
  deletePendingJobs(shopId: number, ids: readonly number[]): number;
  /**
   * Deletes every row of the shop in every table that has a shop_id column (found in the schema, so a
   * table added later is covered without a change here) or a shop / shop_domain column (sessions),
   * then the shop itself. The compliance record is kept. Returns the count per table.
   */
  deleteShopRows(shopId: number, shopDomain: string): Record<string, number>;
}

const PROFILES = '(SELECT value FROM json_each(@profileIds))';
const EMAILS = '(SELECT value FROM json_each(@emails))';
const ORDERS = '(SELECT value FROM json_each(@orderIds))';
const SHOP_LINKS = '(SELECT l.id FROM destination_links l JOIN destinations d ON d.id = l.destination_id WHERE d.shop_id = @shopId)';

/**
 * Every table holding rows about one customer, and how to find them: a new table (segment memberships,
 * sync state) is one line here. Listed children first, the order redaction deletes in.
 */
const CUSTOMER_TABLES: readonly { table: string; where: string; exported: boolean }[] = [
  { table: 'events', where: `shop_id = @shopId AND profile_id IN ${PROFILES}`, exported: true },
  {
    table: 'identifiers',
    where: `shop_id = @shopId AND (profile_id IN ${PROFILES} OR (kind = 'customer' AND value = @customerId) OR (kind = 'email' AND value IN ${EMAILS}))`,
    exported: true,
  },
  { table: 'orders', where: `shop_id = @shopId AND (customer_id = @customerId OR profile_id IN ${PROFILES} OR order_id IN ${ORDERS})`, exported: true },
  { table: 'checkouts', where: `shop_id = @shopId AND (customer_id = @customerId OR profile_id IN ${PROFILES})`, exported: true },
  { table: 'customers', where: `shop_id = @shopId AND (customer_id = @customerId OR profile_id IN ${PROFILES})`, exported: true },
  { table: 'profile_traits', where: `shop_id = @shopId AND profile_id IN ${PROFILES}`, exported: true },
  { table: 'segment_membership_log', where: `profile_id IN ${PROFILES} AND segment_id IN (SELECT id FROM segments WHERE shop_id = @shopId)`, exported: true },
  { table: 'segment_members', where: `profile_id IN ${PROFILES} AND segment_id IN (SELECT id FROM segments WHERE shop_id = @shopId)`, exported: true },
  { table: 'segment_dirty_profiles', where: `shop_id = @shopId AND profile_id IN ${PROFILES}`, exported: false },
  // Sync state (issue 7): what each destination holds for the profile, and every operation naming it. Not
  // exported: ids and hashes only, derived from the rows above (the export already holds the person's data).
  { table: 'destination_members', where: `profile_id IN ${PROFILES} AND link_id IN ${SHOP_LINKS}`, exported: false },
  { table: 'sync_outbox', where: `profile_id IN ${PROFILES} AND destination_id IN (SELECT id FROM destinations WHERE shop_id = @shopId)`, exported: false },
  { table: 'profile_merges', where: `shop_id = @shopId AND (winner_id IN ${PROFILES} OR loser_id IN ${PROFILES})`, exported: true },
  // Earlier exports are the customer's data too, but an export does not contain the previous ones.
  { table: 'compliance_exports', where: 'shop_id = @shopId AND customer_id = @customerId', exported: false },
  { table: 'profiles', where: `shop_id = @shopId AND (id IN ${PROFILES} OR customer_id = @customerId)`, exported: true },
];

/** The compliance record outlives what it records (it holds no personal data and no shop_id). */
const KEPT_ON_SHOP_REDACT = new Set(['compliance_requests', 'schema_migrations', 'shops']);

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function createComplianceQueries(db: Db): ComplianceQueries {
  const findRequest = db.prepare('SELECT id FROM compliance_requests WHERE shop_domain = ? AND webhook_event_id = ?');
  const insertRequest = db.prepare(`INSERT INTO compliance_requests (shop_domain, kind, webhook_event_id, shopify_request_id,
    requested_at, completed_at, counts) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const insertExport = db.prepare('INSERT INTO compliance_exports (request_id, shop_id, customer_id, export, created_at) VALUES (?, ?, ?, ?, ?)');
  const getExport = db.prepare(`SELECT customer_id AS customerId, export, created_at AS createdAt FROM compliance_exports
    WHERE shop_id = ? AND request_id = ?`);
  const subjectProfiles = db.prepare(`WITH RECURSIVE subject(id) AS (
      SELECT profile_id FROM identifiers WHERE shop_id = @shopId AND kind = 'customer' AND value = @customerId
      UNION SELECT id FROM profiles WHERE shop_id = @shopId AND customer_id = @customerId
      UNION SELECT i.profile_id FROM identifiers i JOIN profiles p ON p.id = i.profile_id
        WHERE i.shop_id = @shopId AND i.kind = 'email' AND i.value IN ${EMAILS} AND (p.customer_id IS NULL OR p.customer_id = @customerId)
      UNION SELECT profile_id FROM orders WHERE shop_id = @shopId AND customer_id = @customerId AND profile_id IS NOT NULL
      UNION SELECT profile_id FROM checkouts WHERE shop_id = @shopId AND customer_id = @customerId AND profile_id IS NOT NULL
      UNION SELECT profile_id FROM customers WHERE shop_id = @shopId AND customer_id = @customerId AND profile_id IS NOT NULL
      UNION SELECT m.loser_id FROM profile_merges m JOIN subject s ON m.winner_id = s.id WHERE m.shop_id = @shopId
    ) SELECT id FROM subject ORDER BY id`).pluck();
  const selects = CUSTOMER_TABLES.filter((t) => t.exported).map((t) => [t.table, db.prepare(`SELECT * FROM ${quote(t.table)} WHERE ${t.where}`)] as const);
  const deletes = CUSTOMER_TABLES.map((t) => [t.table, db.prepare(`DELETE FROM ${quote(t.table)} WHERE ${t.where}`)] as const);
  // 'running' is the redaction's own job (or one the runner requeues at start); 'done' jobs hold no payload.
  const pendingJobs = db.prepare(`SELECT id, payload FROM jobs WHERE shop_id = ? AND status IN ('queued', 'failed') AND payload IS NOT NULL ORDER BY id`);
  const deleteJobs = db.prepare(`DELETE FROM jobs WHERE shop_id = ? AND status IN ('queued', 'failed')
    AND id IN (SELECT value FROM json_each(?))`);
  const params = (s: CustomerSubject, profileIds: readonly number[]) => ({
    shopId: s.shopId,
    customerId: s.customerId,
    emails: JSON.stringify(s.emails),
    orderIds: JSON.stringify(s.orderIds),
    profileIds: JSON.stringify(profileIds),
  });

  return {
    findRequest: (shopDomain, eventId) => findRequest.get(shopDomain, eventId) as { id: number } | undefined,
    recordRequest: (r) => Number(insertRequest.run(r.shopDomain, r.kind, r.webhookEventId, r.shopifyRequestId, r.requestedAt,
      r.completedAt, JSON.stringify(r.counts)).lastInsertRowid),
    saveExport: (requestId, shopId, customerId, json, at) => { insertExport.run(requestId, shopId, customerId, json, at); },
    getExport: (shopId, requestId) => getExport.get(shopId, requestId) as ReturnType<ComplianceQueries['getExport']>,
    subjectProfileIds: (s) => subjectProfiles.all({ shopId: s.shopId, customerId: s.customerId, emails: JSON.stringify(s.emails) }) as number[],
    customerRows(s, profileIds) {
      const p = params(s, profileIds);
      return Object.fromEntries(selects.map(([table, stmt]) => [table, stmt.all(p) as Record<string, unknown>[]]));
    },
    deleteCustomerRows(s, profileIds) {
      const p = params(s, profileIds);
      return Object.fromEntries(deletes.map(([table, stmt]) => [table, stmt.run(p).changes]));
    },
    pendingJobPayloads: (shopId) => pendingJobs.all(shopId) as { id: number; payload: string }[],
    deletePendingJobs: (shopId, ids) => (ids.length === 0 ? 0 : deleteJobs.run(shopId, JSON.stringify(ids)).changes),
    deleteShopRows(shopId, shopDomain) {
      const counts: Record<string, number> = {};
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
      // Profiles last: deleting one cascades to its events and identifiers, which should be counted as themselves.
      const ordered = [...tables.filter((t) => t !== 'profiles'), ...tables.filter((t) => t === 'profiles')];
      for (const table of ordered) {
        if (KEPT_ON_SHOP_REDACT.has(table)) continue;
        const columns = new Set((db.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[]).map((c) => c.name));
        const [column, value] = columns.has('shop_id') ? ['shop_id', shopId]
          : columns.has('shop_domain') ? ['shop_domain', shopDomain]
            : columns.has('shop') ? ['shop', shopDomain] : [null, null];
        if (column === null) continue;
        counts[table] = db.prepare(`DELETE FROM ${quote(table)} WHERE ${quote(column)} = ?`).run(value).changes;
      }
      counts.shops = db.prepare('DELETE FROM shops WHERE id = ?').run(shopId).changes;
      return counts;
    },
  };
}
