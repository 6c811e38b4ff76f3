import { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { DestinationClient, OperationOutcome, SuppressionReason, SyncOperation, SyncTarget } from '../destination-client.js';
import { DestinationError } from '../destination-error.js';
import { HttpTransportError, type HttpClient, type HttpResponse } from '../http/http-client.js';
import { buildWebhookBatch } from './build-webhook-batch.js';
import { parseRetryAfter } from '../http/parse-retry-after.js';
import { signWebhookBody } from './sign-webhook-body.js';

export interface WebhookClientOptions {
  url: string;
  secret: string;
  destinationId: number;
  /** Decided by the eligibility step (destinationPolicy); accepted here so callers can pass settings whole. */
  requireMarketingConsent?: boolean;
  http: HttpClient;
  clock: Clock;
}

/**
 * A receiver may refuse single members of a delivered batch by answering 2xx with
 * `{"rejected": [{"profileId": 12, "reason"?: "invalid" | "bounced" | ..., "message"?: "..."}]}`;
 * every other member of the batch counts as delivered. Anything else in a 2xx body is ignored.
 */
const RejectedBody = z.object({
  rejected: z.array(z.object({
    profileId: z.number().int(),
    reason: z.enum(['bounced', 'cleaned', 'forgotten', 'compliance', 'invalid']).optional(),
    message: z.string().max(500).optional(),
  })).max(10_000),
});

const USER_AGENT = 'ShopperSegments-Webhook/1';

/**
 * Delivers a linked segment's changes as one signed JSON POST per apply() call (the payload is
 * WebhookBatch in build-webhook-batch.ts; the signature scheme is in sign-webhook-body.ts). Delivery is
 * at least once: a batch is re-sent with the same id after a failure or a crash, and receivers dedupe by
 * the id (also sent as X-Segments-Batch-Id).
 *
 * Status classes: 2xx delivered; 401/403 (the receiver refused our signature), 408, 429 (Retry-After
 * kept), 5xx and transport errors fail the call (DestinationError, the engine retries or pauses);
 * any other 4xx is a final refusal of every operation in the batch.
 */
export function createWebhookClient(options: WebhookClientOptions): DestinationClient {
  const { url, secret, destinationId, http, clock } = options;

  async function post(body: string, batchId: string | null): Promise<HttpResponse> {
    const timestamp = Math.floor(clock.now() / 1000);
    try {
      return await http.send({
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'x-segments-timestamp': String(timestamp),
          'x-segments-signature': signWebhookBody(secret, timestamp, body),
          ...(batchId !== null && { 'x-segments-batch-id': batchId }),
        },
        body,
      });
    } catch (err) {
      if (err instanceof HttpTransportError) throw new DestinationError(0, err.timedOut ? 'timeout' : 'network', `The webhook endpoint did not answer: ${err.message}`);
      throw err;
    }
  }

  /** Throws for statuses that fail the call as a whole; returns for 2xx and final 4xx. */
  function throwIfCallFailed(res: HttpResponse): void {
    const { status } = res;
    if (status >= 200 && status < 300) return;
    if (status === 401 || status === 403) throw new DestinationError(status, 'credentials_rejected', `The webhook endpoint refused our signature (HTTP ${status}); check the signing secret.`);
    if (status === 429) throw new DestinationError(429, 'throttled', 'The webhook endpoint asked us to slow down (HTTP 429).', parseRetryAfter(res.headers['retry-after'], clock.now()));
    if (status === 408 || status >= 500) throw new DestinationError(status, status === 408 ? 'timeout' : 'server_error', `The webhook endpoint failed (HTTP ${status}).`);
    if (status < 400) throw new DestinationError(status, 'unexpected_status', `The webhook endpoint answered HTTP ${status}; it must answer 2xx.`);
  }

  return {
    kind: 'webhook',
    batchSize: 500,

    async verify() {
      const res = await post(JSON.stringify({ type: 'ping', destinationId, sentAt: new Date(clock.now()).toISOString() }), null);
      throwIfCallFailed(res);
      if (res.status >= 400) throw new DestinationError(res.status, 'refused', `The webhook endpoint refused the test delivery (HTTP ${res.status}).`);
    },

    // Nothing to create remotely: receivers tell segments apart by segment.id in the payload.
    async ensureTarget(target: SyncTarget) {
      return target.remoteRef ?? `segment-${target.segmentId}`;
    },

    async apply(target, ops: readonly SyncOperation[]): Promise<OperationOutcome[]> {
      if (ops.length === 0) return [];
      const batch = buildWebhookBatch({ destinationId, target, ops, now: clock.now() });
      const res = await post(JSON.stringify(batch), batch.id);
      throwIfCallFailed(res);
      if (res.status >= 400) {
        // The endpoint refused the batch itself (e.g. 400 or 422): resending the same batch gets the same answer.
        return ops.map(() => ({ result: 'rejected', status: res.status, code: 'webhook_refused', message: `The webhook endpoint refused the batch (HTTP ${res.status}).` }));
      }
      const refused = refusedMembers(res.body);
      return ops.map((op): OperationOutcome => {
        const refusal = refused.get(op.op === 'remove' ? op.profileId : op.member.profileId);
        if (!refusal) return { result: 'ok', remoteId: null };
        return {
          result: 'rejected',
          status: res.status,
          code: 'webhook_member_refused',
          message: refusal.message ?? 'The webhook endpoint refused this member.',
          ...(refusal.reason && { suppress: refusal.reason }),
        };
      });
    },
  };
}

function refusedMembers(body: string): Map<number, { reason?: SuppressionReason; message?: string }> {
  if (!body.includes('"rejected"')) return new Map();
  let json: unknown;
  try { json = JSON.parse(body); } catch { return new Map(); }
  const parsed = RejectedBody.safeParse(json);
  if (!parsed.success) return new Map();
  return new Map(parsed.data.rejected.map(({ profileId, ...rest }) => [profileId, rest]));
}
