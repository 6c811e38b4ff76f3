import type { Db } from './open-database.js';

/** profile_traits columns computed per profile (migration 007); RFM columns are scored per shop apart. */
export const TRAIT_COLUMNS = [
  'customer_id', 'first_seen_at', 'last_seen_at', 'sessions', 'product_views', 'cart_adds', 'last_cart_activity_at',
  'cart_abandoned_at', 'cart_abandoned_value', 'cart_abandoned_items', 'cart_abandoned_device', 'cart_recovery_url',
  'checkout_abandoned_at', 'checkout_abandoned_value', 'checkout_abandoned_items', 'checkout_recovery_url',
  'number_of_orders', 'amount_spent', 'average_order_value', 'first_order_at', 'last_order_at', 'mean_days_between_orders',
  'primary_device', 'device_mix', 'devices_used', 'funnel_stage', 'engagement_depth', 'friction_score',
  'email_subscription_status', 'customer_tags', 'customer_tags_folded',
] as const;

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const FIELDS = TRAIT_COLUMNS.map(camel);

export interface RfmInputRow {
  profileId: number;
  numberOfOrders: number;
  amountSpent: number;
  lastOrderAt: number | null;
}

export interface RfmScoreRow {
  profileId: number;
  recencyDays: number | null;
  r: number | null;
  f: number | null;
  m: number | null;
  group: string;
}

export interface TraitRow {
  profileId: number;
  /** Keys: camelCase of TRAIT_COLUMNS; objects and arrays are stored as JSON. */
  traits: Readonly<Record<string, unknown>>;
  recheckAt: number | null;
}

export interface ProfileTraitsQueries {
  /**
   * Writes profiles' traits, keeping their RFM scores; a row whose values would not change is left as is
   * (computed_at is when its values last changed). Returns whether anything RFM reads (orders, spend,
   * last order) changed for any of them.
   */
  upsertMany(shopId: number, rows: readonly TraitRow[], now: number): boolean;
  /**
   * The rows whose values differ from what is stored (or are not stored): reads only, so a worker thread
   * can leave out of a full recompute's writes what would not change (upsertMany checks again).
   */
  changedOnly(shopId: number, rows: readonly TraitRow[]): TraitRow[];
  delete(profileId: number): void;
  /** Profiles of any shop whose recheck time has come, oldest first. */
  dueForRecheck(now: number, limit: number): { profileId: number; shopId: number }[];
  /**
   * Buyers, and former buyers still scored (an order cancelled since), the only rows RFM can change,
   * with their current scores as a key (rfmKey) so that only changes are written.
   */
  rfmRows(shopId: number): (RfmInputRow & { key: string })[];
  setRfm(row: RfmScoreRow): void;
  get(profileId: number): Record<string, unknown> | undefined;
}

export function createProfileTraitsQueries(db: Db): ProfileTraitsQueries {
  const columns = ['profile_id', 'shop_id', ...TRAIT_COLUMNS, 'recheck_at', 'computed_at'];
  const upsert = db.prepare(`INSERT INTO profile_traits (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
    ON CONFLICT (profile_id) DO UPDATE SET ${columns.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}`);
  // What is stored now, in the order `values` below: rows that would not change are not written again.
  const stored = db.prepare(`SELECT profile_id, ${['shop_id', ...TRAIT_COLUMNS, 'recheck_at'].join(', ')} FROM profile_traits
    WHERE profile_id IN (SELECT value FROM json_each(?))`).raw();
  const NUMBER_OF_ORDERS = 1 + TRAIT_COLUMNS.indexOf('number_of_orders');
  const AMOUNT_SPENT = 1 + TRAIT_COLUMNS.indexOf('amount_spent');
  const LAST_ORDER_AT = 1 + TRAIT_COLUMNS.indexOf('last_order_at');
  const del = db.prepare('DELETE FROM profile_traits WHERE profile_id = ?');
  const due = db.prepare(`SELECT profile_id AS profileId, shop_id AS shopId FROM profile_traits
    WHERE recheck_at IS NOT NULL AND recheck_at <= ? ORDER BY recheck_at LIMIT ?`);
  // The WHERE repeats the partial index's (migration 008) so the planner can use it.
  const rfmRows = db.prepare(`SELECT profile_id AS profileId, number_of_orders AS numberOfOrders, amount_spent AS amountSpent,
      last_order_at AS lastOrderAt, rfm_group || ':' || ifnull(rfm_recency_days, '') || ':' || ifnull(rfm_recency_score, '')
      || ifnull(rfm_frequency_score, '') || ifnull(rfm_monetary_score, '') AS key
    FROM profile_traits WHERE shop_id = ? AND (number_of_orders > 0 OR rfm_group <> 'PROSPECTS')`);
  const setRfm = db.prepare(`UPDATE profile_traits SET rfm_recency_days = ?, rfm_recency_score = ?, rfm_frequency_score = ?,
    rfm_monetary_score = ?, rfm_group = ? WHERE profile_id = ?`);
  const get = db.prepare('SELECT * FROM profile_traits WHERE profile_id = ?');

  const storedOf = (rows: readonly TraitRow[]) =>
    new Map((stored.all(JSON.stringify(rows.map((r) => r.profileId))) as unknown[][]).map((r) => [r[0] as number, r.slice(1)]));

  return {
    changedOnly(shopId, rows) {
      const before = storedOf(rows);
      return rows.filter((row) => {
        const old = before.get(row.profileId);
        return old === undefined || !sameValues(old, columnValues(shopId, row));
      });
    },
    upsertMany(shopId, rows, now) {
      const before = storedOf(rows);
      let rfmChanged = false;
      for (const row of rows) {
        const { profileId, traits } = row;
        const values = columnValues(shopId, row);
        const old = before.get(profileId);
        if (old !== undefined && sameValues(old, values)) continue;
        upsert.run(profileId, ...values, now);
        if (old === undefined ? traits.numberOfOrders !== 0
          : old[NUMBER_OF_ORDERS] !== traits.numberOfOrders || old[AMOUNT_SPENT] !== traits.amountSpent || old[LAST_ORDER_AT] !== traits.lastOrderAt) rfmChanged = true;
      }
      return rfmChanged;
    },
    delete: (profileId) => { del.run(profileId); },
    dueForRecheck: (now, limit) => due.all(now, limit) as { profileId: number; shopId: number }[],
    rfmRows: (shopId) => rfmRows.all(shopId) as (RfmInputRow & { key: string })[],
    setRfm: (r) => { setRfm.run(r.recencyDays, r.r, r.f, r.m, r.group, r.profileId); },
    get: (profileId) => get.get(profileId) as Record<string, unknown> | undefined,
  };
}

/** The stored form of a row, in the order of the `stored` query's columns after profile_id. */
function columnValues(shopId: number, { traits, recheckAt }: TraitRow): unknown[] {
  const values: unknown[] = [shopId];
  for (const field of FIELDS) {
    const v = traits[field];
    if (v === undefined) throw new TypeError(`Trait ${field} is missing`);
    values.push(v !== null && typeof v === 'object' ? JSON.stringify(v) : typeof v === 'boolean' ? Number(v) : v);
  }
  values.push(recheckAt);
  return values;
}

const sameValues = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The same key rfmScores gives, for comparing a fresh score with the stored one. */
export const rfmKey = (r: RfmScoreRow) => `${r.group}:${r.recencyDays ?? ''}:${r.r ?? ''}${r.f ?? ''}${r.m ?? ''}`;
