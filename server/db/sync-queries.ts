import type { Db } from './open-database.js';
import type { DestinationKind } from '../destinations/destination-client.js';
import { SYNC_RUN_COLUMNS, type SyncRunRow } from './destination-queries.js';

export type { SyncRunRow };
export type SyncTrigger = SyncRunRow['trigger'];
export type FinishedRunStatus = 'succeeded' | 'partial' | 'failed' | 'paused';
export type OutboxOp = 'add' | 'update' | 'remove';

/** A destination as the engine needs it, with its shop's domain (the Shopify tags client). */
export interface SyncDestinationRow {
  id: number;
  shopId: number;
  shopDomain: string;
  kind: DestinationKind;
  settings: string;
  credentialsSealed: string | null;
  status: 'active' | 'paused';
}

export interface SyncLinkRow {
  id: number;
  segmentId: number;
  segmentName: string;
  remoteRef: string | null;
}

export interface OutboxRow {
  id: number;
  profileId: number;
  op: OutboxOp;
  propsHash: string | null;
  enteredAt: number;
  attempts: number;
}

export interface SyncedMemberRow {
  profileId: number;
  propsHash: string;
  enteredAt: number;
  remoteId: string | null;
}

export interface PlannedRow {
  profileId: number;
  op: OutboxOp;
  propsHash: string | null;
  enteredAt: number;
}

/** What one batch's outcomes change, written in one transaction (outbox, members, counters). */
export interface BatchResult {
  done: { id: number; lastStatus: number | null }[];
  dead: { id: number; attempts: number; lastStatus: number; lastError: string }[];
  rescheduled: { id: number; attempts: number; nextAttemptAt: number; lastStatus: number; lastError: string }[];
  upsertMembers: { profileId: number; remoteId: string | null; propsHash: string; enteredAt: number }[];
  deleteMembers: number[];
  counters: { added: number; updated: number; removed: number; failed: number; done: number };
}

export interface SyncQueries {
  destination(destinationId: number): SyncDestinationRow | undefined;
  destinationOfShop(shopId: number, destinationId: number): SyncDestinationRow | undefined;
  links(destinationId: number): SyncLinkRow[];
  setRemoteRef(linkId: number, remoteRef: string): void;
  /** Paused by a 401/403: the merchant is told why, and no run starts until the credentials are replaced. */
  pauseForCredentials(destinationId: number, message: string, now: number): void;

  run(runId: number): SyncRunRow | undefined;
  runOfShop(shopId: number, runId: number): SyncRunRow | undefined;
  /** The destination's queued run, or else its running one. */
  activeRun(destinationId: number): SyncRunRow | undefined;
  queuedRun(destinationId: number): SyncRunRow | undefined;
  insertRun(destinationId: number, trigger: SyncTrigger, now: number): number;
  /** Queued runs of destinations with none running, and running runs whose lease has passed (oldest first). */
  claimable(now: number): SyncRunRow[];
  /** Marks the run running under a lease; false when someone else got it first. */
  claim(runId: number, now: number, leaseUntil: number): boolean;
  renewLease(runId: number, leaseUntil: number): void;
  /** total = done so far + operations still pending (a resumed run re-plans and recounts). */
  setPlanned(runId: number, excluded: string, hints: string, pending: number): void;
  finish(runId: number, status: FinishedRunStatus, now: number, error: { code: string; message: string } | null): void;

  synced(linkId: number): SyncedMemberRow[];
  /** Members whose last finished operation went dead: that exact operation is not planned again. */
  deadOps(linkId: number): PlannedRow[];
  /** Writes the plan: new rows, or the pending row replaced (keeping attempts and schedule when op and hash are the same); drops pending rows not in it. */
  writePlan(destinationId: number, linkId: number, runId: number, planned: readonly PlannedRow[], now: number): void;
  pendingCount(destinationId: number): number;
  due(destinationId: number, linkId: number, now: number, limit: number): OutboxRow[];
  /** Earliest next_attempt_at among the pending rows of these links, or null. */
  nextPendingAt(destinationId: number, linkIds: readonly number[]): number | null;
  /** Deletes pending rows that no longer stand for an operation (the member left the plan). */
  dropRows(ids: readonly number[]): void;
  /** Holds every pending row due before `until` (a 429 for the whole destination). Attempts unchanged. */
  holdDestination(destinationId: number, until: number, lastStatus: number, lastError: string, now: number): number;
  applyBatch(runId: number, linkId: number, result: BatchResult, now: number): void;

  /** Active destinations with a linked segment's membership changed after their last run started and before `changedBefore`. */
  membershipChanged(changedBefore: number): { id: number; shopId: number }[];
  /** Active destinations with pending rows due, no run queued or running, and no run failed since `failedSince`. */
  outboxDue(now: number, failedSince: number): { id: number; shopId: number }[];
  /** Forgets finished (done) operations older than `before`; dead ones stay for the merchant. */
  pruneDone(before: number): number;
  /** Keeps the newest `keep` runs of each destination (history for the admin), forgets older finished ones. */
  pruneRuns(keep: number): number;
}

const DESTINATION = `d.id, d.shop_id AS shopId, s.domain AS shopDomain, d.kind, d.settings, d.credentials_sealed AS credentialsSealed, d.status`;
// Active runs are among the last two of a destination (one running, at most one queued behind it):
// found through the (destination_id, id) index, without scanning the history.
const LAST_TWO = `(SELECT id FROM sync_runs x WHERE x.destination_id = d.id ORDER BY x.id DESC LIMIT 2)`;
const NO_ACTIVE_RUN = `NOT EXISTS (SELECT 1 FROM sync_runs a WHERE a.id IN ${LAST_TWO} AND a.status IN ('queued', 'running'))`;

export function createSyncQueries(db: Db): SyncQueries {
  const destination = db.prepare(`SELECT ${DESTINATION} FROM destinations d JOIN shops s ON s.id = d.shop_id WHERE d.id = ?`);
  const destinationOfShop = db.prepare(`SELECT ${DESTINATION} FROM destinations d JOIN shops s ON s.id = d.shop_id WHERE d.shop_id = ? AND d.id = ?`);
  const links = db.prepare(`SELECT l.id, l.segment_id AS segmentId, g.name AS segmentName, l.remote_ref AS remoteRef
    FROM destination_links l JOIN segments g ON g.id = l.segment_id WHERE l.destination_id = ? ORDER BY l.id`);
  const setRemoteRef = db.prepare('UPDATE destination_links SET remote_ref = ? WHERE id = ?');
  const pause = db.prepare(`UPDATE destinations SET status = 'paused', paused_reason = 'credentials_rejected', paused_message = ?, updated_at = ?
    WHERE id = ?`);

  const run = db.prepare(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs r WHERE r.id = ?`);
  const runOfShop = db.prepare(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs r JOIN destinations d ON d.id = r.destination_id WHERE d.shop_id = ? AND r.id = ?`);
  const activeRuns = db.prepare(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs r WHERE r.destination_id = ? AND r.status IN ('queued', 'running')
    AND r.id IN (SELECT id FROM sync_runs x WHERE x.destination_id = ? ORDER BY x.id DESC LIMIT 2) ORDER BY r.id DESC`);
  const insertRun = db.prepare(`INSERT INTO sync_runs (destination_id, trigger, status, created_at) VALUES (?, ?, 'queued', ?)`);
  const activeOfAll = db.prepare(`SELECT ${SYNC_RUN_COLUMNS}, r.lease_until AS leaseUntil FROM destinations d JOIN sync_runs r ON r.id IN ${LAST_TWO}
    WHERE r.status IN ('queued', 'running') ORDER BY r.id`);
  const claim = db.prepare(`UPDATE sync_runs SET status = 'running', started_at = COALESCE(started_at, @now), lease_until = @leaseUntil
    WHERE id = @runId AND (status = 'queued' OR (status = 'running' AND lease_until < @now))`);
  const renew = db.prepare('UPDATE sync_runs SET lease_until = ? WHERE id = ? AND status = \'running\'');
  const setPlanned = db.prepare('UPDATE sync_runs SET excluded = ?, hints = ?, total = done + ? WHERE id = ?');
  const finish = db.prepare(`UPDATE sync_runs SET status = ?, finished_at = ?, lease_until = NULL, error_code = ?, error_message = ?
    WHERE id = ?`);
  const count = db.prepare(`UPDATE sync_runs SET added = added + @added, updated = updated + @updated, removed = removed + @removed,
    failed = failed + @failed, done = done + @done WHERE id = @runId`);

  const synced = db.prepare(`SELECT profile_id AS profileId, props_hash AS propsHash, entered_at AS enteredAt, remote_id AS remoteId
    FROM destination_members WHERE link_id = ?`);
  const deadOps = db.prepare(`SELECT o.profile_id AS profileId, o.op, o.props_hash AS propsHash, o.entered_at AS enteredAt
    FROM sync_outbox o WHERE o.link_id = ? AND o.status = 'dead' AND NOT EXISTS (SELECT 1 FROM sync_outbox n
      WHERE n.link_id = o.link_id AND n.profile_id = o.profile_id AND n.status <> 'pending' AND n.id > o.id)`);
  // Same operation and data: the row keeps its attempts and its schedule (a backoff in progress is not reset).
  const upsertPlanned = db.prepare(`INSERT INTO sync_outbox (destination_id, link_id, run_id, profile_id, op, props_hash, entered_at,
      next_attempt_at, created_at, updated_at)
    VALUES (@destinationId, @linkId, @runId, @profileId, @op, @propsHash, @enteredAt, @now, @now, @now)
    ON CONFLICT (link_id, profile_id) WHERE status = 'pending' DO UPDATE SET
      attempts = CASE WHEN op = excluded.op AND props_hash IS excluded.props_hash THEN attempts ELSE 0 END,
      next_attempt_at = CASE WHEN op = excluded.op AND props_hash IS excluded.props_hash THEN next_attempt_at ELSE excluded.next_attempt_at END,
      op = excluded.op, props_hash = excluded.props_hash, entered_at = excluded.entered_at, run_id = excluded.run_id,
      updated_at = excluded.updated_at`);
  const dropUnplanned = db.prepare(`DELETE FROM sync_outbox WHERE link_id = ? AND status = 'pending'
    AND profile_id NOT IN (SELECT value FROM json_each(?))`);
  const pendingCount = db.prepare("SELECT count(*) FROM sync_outbox WHERE destination_id = ? AND status = 'pending'").pluck();
  const due = db.prepare(`SELECT id, profile_id AS profileId, op, props_hash AS propsHash, entered_at AS enteredAt, attempts
    FROM sync_outbox WHERE destination_id = ? AND status = 'pending' AND next_attempt_at <= ? AND link_id = ?
    ORDER BY next_attempt_at, id LIMIT ?`);
  const nextPendingAt = db.prepare(`SELECT min(next_attempt_at) FROM sync_outbox WHERE destination_id = ? AND status = 'pending'
    AND link_id IN (SELECT value FROM json_each(?))`).pluck();
  const dropRows = db.prepare("DELETE FROM sync_outbox WHERE status = 'pending' AND id IN (SELECT value FROM json_each(?))");
  const hold = db.prepare(`UPDATE sync_outbox SET next_attempt_at = @until, last_status = @lastStatus, last_error = @lastError, updated_at = @now
    WHERE destination_id = @destinationId AND status = 'pending' AND next_attempt_at < @until`);
  const markDone = db.prepare("UPDATE sync_outbox SET status = 'done', last_status = ?, last_error = NULL, updated_at = ? WHERE id = ?");
  const clearDead = db.prepare(`DELETE FROM sync_outbox WHERE status = 'dead' AND id < @id
    AND profile_id = (SELECT profile_id FROM sync_outbox WHERE id = @id) AND link_id = (SELECT link_id FROM sync_outbox WHERE id = @id)`);
  const markDead = db.prepare("UPDATE sync_outbox SET status = 'dead', attempts = ?, last_status = ?, last_error = ?, updated_at = ? WHERE id = ?");
  const reschedule = db.prepare(`UPDATE sync_outbox SET attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?, updated_at = ?
    WHERE id = ?`);
  const upsertMember = db.prepare(`INSERT INTO destination_members (link_id, profile_id, remote_id, props_hash, entered_at, synced_at)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (link_id, profile_id) DO UPDATE SET
      remote_id = COALESCE(excluded.remote_id, remote_id), props_hash = excluded.props_hash, entered_at = excluded.entered_at,
      synced_at = excluded.synced_at`);
  const deleteMember = db.prepare('DELETE FROM destination_members WHERE link_id = ? AND profile_id = ?');

  const membershipChanged = db.prepare(`SELECT d.id, d.shop_id AS shopId FROM destinations d
    WHERE d.status = 'active' AND ${NO_ACTIVE_RUN} AND EXISTS (
      SELECT 1 FROM destination_links l JOIN segment_membership_log g ON g.segment_id = l.segment_id
      WHERE l.destination_id = d.id AND g.at < @changedBefore
        AND g.at > COALESCE((SELECT COALESCE(r.started_at, r.created_at) FROM sync_runs r WHERE r.destination_id = d.id ORDER BY r.id DESC LIMIT 1), -1))
    ORDER BY d.id`);
  const outboxDue = db.prepare(`SELECT d.id, d.shop_id AS shopId FROM destinations d
    WHERE d.status = 'active' AND ${NO_ACTIVE_RUN}
      AND EXISTS (SELECT 1 FROM sync_outbox o WHERE o.destination_id = d.id AND o.status = 'pending' AND o.next_attempt_at <= @now)
      AND NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.destination_id = d.id AND r.status = 'failed' AND r.finished_at > @failedSince
        AND r.id = (SELECT max(id) FROM sync_runs y WHERE y.destination_id = d.id))
    ORDER BY d.id`);
  const pruneDone = db.prepare("DELETE FROM sync_outbox WHERE status = 'done' AND updated_at < ?");
  const pruneRuns = db.prepare(`DELETE FROM sync_runs WHERE status NOT IN ('queued', 'running') AND id < (
    SELECT x.id FROM sync_runs x WHERE x.destination_id = sync_runs.destination_id ORDER BY x.id DESC LIMIT 1 OFFSET ?)`);

  const writePlan = db.transaction((destinationId: number, linkId: number, runId: number, planned: readonly PlannedRow[], now: number) => {
    for (const p of planned) upsertPlanned.run({ destinationId, linkId, runId, profileId: p.profileId, op: p.op, propsHash: p.propsHash, enteredAt: p.enteredAt, now });
    dropUnplanned.run(linkId, JSON.stringify(planned.map((p) => p.profileId)));
  });

  const applyBatch = db.transaction((runId: number, linkId: number, r: BatchResult, now: number) => {
    for (const d of r.done) {
      markDone.run(d.lastStatus, now, d.id);
      // A member synced at last is no longer a failure to show (and its old dead op must not block a later plan).
      clearDead.run({ id: d.id });
    }
    for (const d of r.dead) markDead.run(d.attempts, d.lastStatus, d.lastError, now, d.id);
    for (const d of r.rescheduled) reschedule.run(d.attempts, d.nextAttemptAt, d.lastStatus, d.lastError, now, d.id);
    for (const m of r.upsertMembers) upsertMember.run(linkId, m.profileId, m.remoteId, m.propsHash, m.enteredAt, now);
    for (const profileId of r.deleteMembers) deleteMember.run(linkId, profileId);
    count.run({ runId, ...r.counters });
  });

  return {
    destination: (id) => destination.get(id) as SyncDestinationRow | undefined,
    destinationOfShop: (shopId, id) => destinationOfShop.get(shopId, id) as SyncDestinationRow | undefined,
    links: (destinationId) => links.all(destinationId) as SyncLinkRow[],
    setRemoteRef: (linkId, remoteRef) => { setRemoteRef.run(remoteRef, linkId); },
    pauseForCredentials: (destinationId, message, now) => { pause.run(message, now, destinationId); },

    run: (runId) => run.get(runId) as SyncRunRow | undefined,
    runOfShop: (shopId, runId) => runOfShop.get(shopId, runId) as SyncRunRow | undefined,
    activeRun: (destinationId) => (activeRuns.all(destinationId, destinationId) as SyncRunRow[])[0],
    queuedRun: (destinationId) => (activeRuns.all(destinationId, destinationId) as SyncRunRow[]).find((r) => r.status === 'queued'),
    insertRun: (destinationId, trigger, now) => Number(insertRun.run(destinationId, trigger, now).lastInsertRowid),
    claimable(now) {
      const active = activeOfAll.all() as (SyncRunRow & { leaseUntil: number | null })[];
      const running = new Map(active.filter((r) => r.status === 'running').map((r) => [r.destinationId, r]));
      const out: SyncRunRow[] = [];
      const taken = new Set<number>();
      for (const { leaseUntil, ...r } of active) {
        if (taken.has(r.destinationId)) continue;
        // A running run is taken over only once its lease passed; a queued one waits for its destination's running run.
        const claimableNow = r.status === 'running' ? (leaseUntil ?? 0) < now : !running.has(r.destinationId);
        if (claimableNow) {
          out.push(r);
          taken.add(r.destinationId);
        }
      }
      return out;
    },
    claim: (runId, now, leaseUntil) => claim.run({ runId, now, leaseUntil }).changes > 0,
    renewLease: (runId, leaseUntil) => { renew.run(leaseUntil, runId); },
    setPlanned: (runId, excluded, hints, pending) => { setPlanned.run(excluded, hints, pending, runId); },
    finish: (runId, status, now, error) => { finish.run(status, now, error?.code ?? null, error?.message ?? null, runId); },

    synced: (linkId) => synced.all(linkId) as SyncedMemberRow[],
    deadOps: (linkId) => deadOps.all(linkId) as PlannedRow[],
    writePlan: (destinationId, linkId, runId, planned, now) => writePlan.immediate(destinationId, linkId, runId, planned, now),
    pendingCount: (destinationId) => pendingCount.get(destinationId) as number,
    due: (destinationId, linkId, now, limit) => due.all(destinationId, now, linkId, limit) as OutboxRow[],
    nextPendingAt: (destinationId, linkIds) => (nextPendingAt.get(destinationId, JSON.stringify(linkIds)) as number | null) ?? null,
    dropRows: (ids) => { dropRows.run(JSON.stringify(ids)); },
    holdDestination: (destinationId, until, lastStatus, lastError, now) => hold.run({ destinationId, until, lastStatus, lastError, now }).changes,
    applyBatch: (runId, linkId, result, now) => applyBatch.immediate(runId, linkId, result, now),

    membershipChanged: (changedBefore) => membershipChanged.all({ changedBefore }) as { id: number; shopId: number }[],
    outboxDue: (now, failedSince) => outboxDue.all({ now, failedSince }) as { id: number; shopId: number }[],
    pruneDone: (before) => pruneDone.run(before).changes,
    pruneRuns: (keep) => pruneRuns.run(keep - 1).changes,
  };
}
