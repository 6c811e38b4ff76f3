import express, { Router, type Request } from 'express';
import type { AppConfig } from '../../config.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/open-database.js';
import type { Logger } from '../../logger.js';
import { AppError, badRequest, unauthorized } from '../../errors.js';
import { verifyWebhookSignature, type WebhookSignatureCheck } from '../../destinations/webhook/sign-webhook-body.js';
import { createWebhookInboxLog, type WebhookInboxLog } from './create-webhook-inbox-log.js';
import { WEBHOOK_INBOX_PATH } from './demo-webhook-inbox-url.js';
import { createInboxSecretReader } from './read-inbox-secrets.js';
import { renderWebhookInboxPage } from './render-webhook-inbox-page.js';
import { InboxBatchSchema, InboxPingSchema } from './webhook-inbox-schemas.js';

export interface WebhookInboxRouterDeps {
  db: Db;
  config: Pick<AppConfig, 'encryptionKey' | 'demo'>;
  clock: Clock;
  logger: Logger;
  /** The inbox's memory; a fresh one unless a test passes its own. */
  log?: WebhookInboxLog;
}

/** Our batches are at most 500 operations; 5 MB leaves room for large property sets and nothing more. */
export const INBOX_MAX_BODY = '5mb';

const header = (req: Request, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Demo mode only (mounted by create-demo-router.ts): a receiver for our own signed webhooks, so a merchant
 * trying the app offline sees a sync land. POST verifies X-Segments-Signature against the secret of a demo
 * shop webhook destination pointing here (401 otherwise, nothing kept), validates the payload, keeps each
 * batch id once; GET shows what arrived (HTML, or JSON for Accept: application/json).
 */
export function createWebhookInboxRouter(deps: WebhookInboxRouterDeps): Router {
  const { clock, logger } = deps;
  const log = deps.log ?? createWebhookInboxLog();
  const secrets = createInboxSecretReader({ db: deps.db, encryptionKey: deps.config.encryptionKey, shopDomain: deps.config.demo.shop });
  const router = Router();

  // The raw bytes, whatever the content type: the signature covers them exactly.
  router.post(WEBHOOK_INBOX_PATH, express.raw({ type: () => true, limit: INBOX_MAX_BODY }), (req, res) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const now = clock.now();
    const candidates = secrets();
    const checks = candidates.map((c) => verifyWebhookSignature({
      secret: c.secret, timestamp: header(req, 'x-segments-timestamp'), signature: header(req, 'x-segments-signature'), body, now,
    }));
    if (!checks.some((c) => c.ok)) {
      log.refused();
      // Malformed and stale do not depend on the secret, so the first failure speaks for all.
      const failure = checks.find((c): c is Extract<WebhookSignatureCheck, { ok: false }> => !c.ok);
      const reason = failure?.reason ?? 'no_destination';
      logger.warn('demo webhook inbox refused a delivery', { reason });
      throw unauthorized('invalid_signature', candidates.length === 0
        ? 'No webhook destination of the demo shop points at this inbox, so no signature can verify.'
        : reason === 'stale'
          ? 'X-Segments-Timestamp is more than 5 minutes away from now.'
          : 'X-Segments-Signature does not verify against the signing secret of a demo webhook inbox destination.');
    }

    let json: unknown;
    try { json = JSON.parse(body.toString('utf8')); } catch { throw badRequest('malformed_json', 'The request body is not valid JSON.'); }
    if (InboxPingSchema.safeParse(json).success) {
      log.pinged(now);
      res.set('Cache-Control', 'no-store').json({ ok: true });
      return;
    }
    const batch = InboxBatchSchema.safeParse(json);
    if (!batch.success) {
      const issue = batch.error.issues[0];
      throw badRequest('invalid_batch', `The body is not a webhook batch: ${issue?.path.join('.') || '(body)'} ${issue?.message ?? ''}`.trim());
    }
    const batchIdHeader = header(req, 'x-segments-batch-id');
    if (batchIdHeader !== undefined && batchIdHeader !== batch.data.id) {
      throw new AppError(400, 'batch_id_mismatch', 'X-Segments-Batch-Id differs from the id in the body.');
    }
    const outcome = log.record(batch.data, now);
    logger.debug('demo webhook inbox received a batch', {
      batchId: batch.data.id, adds: batch.data.adds.length, updates: batch.data.updates.length, removes: batch.data.removes.length, duplicate: outcome === 'duplicate',
    });
    // No `rejected` list: every member of the batch counts as delivered.
    res.set('Cache-Control', 'no-store').json({ ok: true, duplicate: outcome === 'duplicate' });
  });

  router.get(WEBHOOK_INBOX_PATH, (req, res) => {
    const snapshot = log.snapshot();
    res.set('Cache-Control', 'no-store');
    if (req.accepts(['html', 'json']) === 'json') {
      res.json(snapshot);
      return;
    }
    res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    res.type('html').send(renderWebhookInboxPage(snapshot));
  });

  return router;
}
