import type { Db } from './open-database.js';
import type { DestinationKind } from '../destinations/destination-client.js';

/** A destination as stored; `settings` is the kind's JSON, `credentialsSealed` never leaves the server. */
export interface DestinationRow {
  id: number;
  shopId: number;
  kind: DestinationKind;
  name: string;
  settings: string;
  credentialsSealed: string | null;
  status: 'active' | 'paused';
  pausedReason: string | null;
  pausedMessage: string | null;
  createdAt: number;
  updatedAt: number;
}

export type NewDestination = Pick<DestinationRow, 'kind' | 'name' | 'settings' | 'credentialsSealed'>;

/** Every column a PATCH may change, already merged with the current row by the caller. */
export type DestinationChanges = Pick<DestinationRow, 'name' | 'settings' | 'credentialsSealed' | 'status' | 'pausedReason' | 'pausedMessage'>;

export interface DestinationLinkRow {
  destinationId: number;
  segmentId: number;
  segmentName: string;
  remoteRef: string | null;
  syncedMembers: number;
  deadOperations: number;
  createdAt: number;
}

export interface SyncRunRow {
  id: number;
  destinationId: number;
  trigger: 'manual' | 'membership' | 'schedule';
  status: 'queued' | 'running' | 'succeeded' | 'partial' | 'failed' | 'paused';
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  total: number;
  done: number;
  added: number;
  removed: number;
  updated: number;
  failed: number;
  excluded: string;
  hints: string;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface DestinationQueries {
  list(shopId: number): DestinationRow[];
  get(shopId: number, id: number): DestinationRow | undefined;
  findByName(shopId: number, name: string): DestinationRow | undefined;
  count(shopId: number): number;
  insert(shopId: number, destination: NewDestination, now: number): number;
  update(shopId: number, id: number, changes: DestinationChanges, now: number): void;
  /** Links, members, runs and outbox rows go with it (foreign keys cascade). */
  delete(shopId: number, id: number): boolean;
  /** false when the segment is already linked to the destination. */
  insertLink(destinationId: number, segmentId: number, now: number): boolean;
  deleteLink(destinationId: number, segmentId: number): boolean;
  linksOf(destinationId: number): DestinationLinkRow[];
  /** The links of every destination of the shop, for the list (one query instead of one per destination). */
  linksOfShop(shopId: number): DestinationLinkRow[];
  /** The segment's links with their destinations (the segment page's card). */
  linksOfSegment(shopId: number, segmentId: number): { destination: DestinationRow; link: DestinationLinkRow }[];
  latestRun(destinationId: number): SyncRunRow | undefined;
  /** The newest run of each destination of the shop, by destination id. */
  latestRunsOfShop(shopId: number): Map<number, SyncRunRow>;
  /** Newest first. */
  runs(destinationId: number, limit: number): SyncRunRow[];
  /** A run of one of the shop's destinations; undefined for another shop's. */
  run(shopId: number, runId: number): SyncRunRow | undefined;
}

const DESTINATION = `id, shop_id AS shopId, kind, name, settings, credentials_sealed AS credentialsSealed, status,
  paused_reason AS pausedReason, paused_message AS pausedMessage, created_at AS createdAt, updated_at AS updatedAt`;

// Counted per link on read: destination_members holds only the link's current members, and the dead rows
// are what the merchant must look at. No index covers dead outbox rows, so this scans the outbox of the link.
const LINK = `l.destination_id AS destinationId, l.segment_id AS segmentId, s.name AS segmentName, l.remote_ref AS remoteRef,
  (SELECT count(*) FROM destination_members m WHERE m.link_id = l.id) AS syncedMembers,
  (SELECT count(*) FROM sync_outbox o WHERE o.link_id = l.id AND o.status = 'dead') AS deadOperations,
  l.created_at AS createdAt`;

/** The columns of a SyncRunRow, from `sync_runs r` (sync-queries.ts reads runs with the same list). */
export const SYNC_RUN_COLUMNS = `r.id, r.destination_id AS destinationId, r.trigger, r.status, r.created_at AS createdAt, r.started_at AS startedAt,
  r.finished_at AS finishedAt, r.total, r.done, r.added, r.removed, r.updated, r.failed, r.excluded, r.hints,
  r.error_code AS errorCode, r.error_message AS errorMessage`;

export function createDestinationQueries(db: Db): DestinationQueries {
  const list = db.prepare(`SELECT ${DESTINATION} FROM destinations WHERE shop_id = ? ORDER BY id`);
  const get = db.prepare(`SELECT ${DESTINATION} FROM destinations WHERE shop_id = ? AND id = ?`);
  const byName = db.prepare(`SELECT ${DESTINATION} FROM destinations WHERE shop_id = ? AND name = ?`);
  const count = db.prepare('SELECT count(*) FROM destinations WHERE shop_id = ?').pluck();
  const insert = db.prepare(`INSERT INTO destinations (shop_id, kind, name, settings, credentials_sealed, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const update = db.prepare(`UPDATE destinations SET name = ?, settings = ?, credentials_sealed = ?, status = ?, paused_reason = ?,
    paused_message = ?, updated_at = ? WHERE shop_id = ? AND id = ?`);
  const del = db.prepare('DELETE FROM destinations WHERE shop_id = ? AND id = ?');
  const insertLink = db.prepare(`INSERT INTO destination_links (destination_id, segment_id, created_at) VALUES (?, ?, ?)
    ON CONFLICT (destination_id, segment_id) DO NOTHING`);
  const deleteLink = db.prepare('DELETE FROM destination_links WHERE destination_id = ? AND segment_id = ?');
  const linksOf = db.prepare(`SELECT ${LINK} FROM destination_links l JOIN segments s ON s.id = l.segment_id
    WHERE l.destination_id = ? ORDER BY l.id`);
  const linksOfShop = db.prepare(`SELECT ${LINK} FROM destination_links l JOIN segments s ON s.id = l.segment_id
    WHERE l.destination_id IN (SELECT id FROM destinations WHERE shop_id = ?) ORDER BY l.id`);
  const linksOfSegment = db.prepare(`SELECT ${LINK} FROM destination_links l JOIN segments s ON s.id = l.segment_id
    JOIN destinations d ON d.id = l.destination_id WHERE l.segment_id = ? AND d.shop_id = ? AND s.shop_id = d.shop_id ORDER BY l.id`);
  const latestRun = db.prepare(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs r WHERE r.destination_id = ? ORDER BY r.id DESC LIMIT 1`);
  const latestRunsOfShop = db.prepare(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs r WHERE r.id IN (SELECT max(id) FROM sync_runs
    WHERE destination_id IN (SELECT id FROM destinations WHERE shop_id = ?) GROUP BY destination_id)`);
  const runs = db.prepare(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs r WHERE r.destination_id = ? ORDER BY r.id DESC LIMIT ?`);
  const run = db.prepare(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs r JOIN destinations d ON d.id = r.destination_id WHERE d.shop_id = ? AND r.id = ?`);

  return {
    list: (shopId) => list.all(shopId) as DestinationRow[],
    get: (shopId, id) => get.get(shopId, id) as DestinationRow | undefined,
    findByName: (shopId, name) => byName.get(shopId, name) as DestinationRow | undefined,
    count: (shopId) => count.get(shopId) as number,
    insert: (shopId, d, now) => Number(insert.run(shopId, d.kind, d.name, d.settings, d.credentialsSealed, now, now).lastInsertRowid),
    update(shopId, id, c, now) {
      update.run(c.name, c.settings, c.credentialsSealed, c.status, c.pausedReason, c.pausedMessage, now, shopId, id);
    },
    delete: (shopId, id) => del.run(shopId, id).changes > 0,
    insertLink: (destinationId, segmentId, now) => insertLink.run(destinationId, segmentId, now).changes > 0,
    deleteLink: (destinationId, segmentId) => deleteLink.run(destinationId, segmentId).changes > 0,
    linksOf: (destinationId) => linksOf.all(destinationId) as DestinationLinkRow[],
    linksOfShop: (shopId) => linksOfShop.all(shopId) as DestinationLinkRow[],
    linksOfSegment(shopId, segmentId) {
      const links = linksOfSegment.all(segmentId, shopId) as DestinationLinkRow[];
      return links.map((link) => ({ destination: get.get(shopId, link.destinationId) as DestinationRow, link }));
    },
    latestRun: (destinationId) => latestRun.get(destinationId) as SyncRunRow | undefined,
    latestRunsOfShop: (shopId) => new Map((latestRunsOfShop.all(shopId) as SyncRunRow[]).map((r) => [r.destinationId, r])),
    runs: (destinationId, limit) => runs.all(destinationId, limit) as SyncRunRow[],
    run: (shopId, runId) => run.get(shopId, runId) as SyncRunRow | undefined,
  };
}
