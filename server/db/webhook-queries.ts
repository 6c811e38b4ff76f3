import type { Db } from './open-database.js';

export interface AcceptedDelivery {
  shopId: number;
  topic: string;
  eventId: string;
  webhookId: string | null;
  apiVersion: string | null;
  triggeredAt: number | null;
  /** The raw JSON body, stored as sent. */
  payload: string;
  receivedAt: number;
}

export interface WebhookJobRow {
  id: number;
  shopId: number;
  shopDomain: string;
  topic: string;
  payload: string | null;
  eventId: string;
  triggeredAt: number | null;
  attempts: number;
}

export interface WebhookQueries {
  /**
   * Records the delivery and queues its job in one transaction; 'duplicate' (and nothing written) when
   * this shop already has a delivery with that event id.
   */
  accept(delivery: AcceptedDelivery): 'accepted' | 'duplicate';
  /** Queued jobs whose run_after has passed, oldest first. */
  due(now: number, limit: number): WebhookJobRow[];
  /** Marks a queued job running and counts the attempt; false when another run took it first. */
  claim(id: number, now: number): boolean;
  /** Done; the payload is dropped so personal data does not outlive the work. */
  markDone(id: number, now: number): void;
  retryLater(id: number, runAfter: number, error: string, now: number): void;
  markFailed(id: number, error: string, now: number): void;
  /**
   * Jobs a previous process left 'running' (it died mid-run): back to queued, or failed when they have
   * used every attempt. Returns how many were requeued and failed.
   */
  recoverInterrupted(maxAttempts: number, now: number): { requeued: number; failed: number };
  /** Forgets deliveries and done jobs older than `before` (Shopify stops retrying after 4 hours). */
  prune(before: number): void;
}

const JOB_COLUMNS = `j.id, j.shop_id AS shopId, s.domain AS shopDomain, j.topic, j.payload, j.event_id AS eventId,
  j.triggered_at AS triggeredAt, j.attempts`;

export function createWebhookQueries(db: Db): WebhookQueries {
  const insertDelivery = db.prepare(`INSERT INTO webhook_deliveries
    (shop_id, event_id, topic, triggered_at, received_at, webhook_id, api_version) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(shop_id, event_id) DO NOTHING`);
  const insertJob = db.prepare(`INSERT INTO jobs
    (shop_id, kind, topic, payload, event_id, triggered_at, status, attempts, run_after, created_at, updated_at)
    VALUES (?, 'webhook', ?, ?, ?, ?, 'queued', 0, ?, ?, ?)`);
  const due = db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs j JOIN shops s ON s.id = j.shop_id
    WHERE j.status = 'queued' AND j.run_after <= ? ORDER BY j.run_after, j.id LIMIT ?`);
  const claim = db.prepare(`UPDATE jobs SET status = 'running', attempts = attempts + 1, updated_at = ?
    WHERE id = ? AND status = 'queued'`);
  const markDone = db.prepare(`UPDATE jobs SET status = 'done', payload = NULL, last_error = NULL, updated_at = ?
    WHERE id = ?`);
  const retryLater = db.prepare(`UPDATE jobs SET status = 'queued', run_after = ?, last_error = ?, updated_at = ?
    WHERE id = ?`);
  const markFailed = db.prepare(`UPDATE jobs SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ?`);
  const failExhausted = db.prepare(`UPDATE jobs SET status = 'failed', last_error = 'interrupted', updated_at = ?
    WHERE status = 'running' AND attempts >= ?`);
  const requeueRunning = db.prepare(`UPDATE jobs SET status = 'queued', last_error = 'interrupted', updated_at = ?
    WHERE status = 'running'`);
  const pruneDeliveries = db.prepare('DELETE FROM webhook_deliveries WHERE received_at < ?');
  const pruneJobs = db.prepare(`DELETE FROM jobs WHERE status = 'done' AND updated_at < ?`);

  const accept = db.transaction((d: AcceptedDelivery): 'accepted' | 'duplicate' => {
    const inserted = insertDelivery.run(d.shopId, d.eventId, d.topic, d.triggeredAt, d.receivedAt, d.webhookId, d.apiVersion);
    if (inserted.changes === 0) return 'duplicate';
    insertJob.run(d.shopId, d.topic, d.payload, d.eventId, d.triggeredAt, d.receivedAt, d.receivedAt, d.receivedAt);
    return 'accepted';
  });
  const recover = db.transaction((maxAttempts: number, now: number) => {
    const failed = failExhausted.run(now, maxAttempts).changes;
    const requeued = requeueRunning.run(now).changes;
    return { requeued, failed };
  });
  const prune = db.transaction((before: number) => {
    pruneDeliveries.run(before);
    pruneJobs.run(before);
  });

  return {
    accept: (d) => accept.immediate(d),
    due: (now, limit) => due.all(now, limit) as WebhookJobRow[],
    claim: (id, now) => claim.run(now, id).changes === 1,
    markDone: (id, now) => { markDone.run(now, id); },
    retryLater: (id, runAfter, error, now) => { retryLater.run(runAfter, error, now, id); },
    markFailed: (id, error, now) => { markFailed.run(error, now, id); },
    recoverInterrupted: (maxAttempts, now) => recover.immediate(maxAttempts, now),
    prune: (before) => prune.immediate(before),
  };
}
