import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { verifyWebhookSignature } from '../../../server/destinations/webhook/sign-webhook-body.js';
import { readFakeRequestBody } from '../read-fake-request-body.js';

/**
 * A merchant's webhook endpoint for tests: a real HTTP server on 127.0.0.1 that verifies our signature
 * (401 when it does not verify), checks the documented payload (400 when it does not match), records
 * each batch once (a re-sent batch id answers 200 and changes nothing), keeps the members each segment
 * holds, and answers with injected faults on request.
 */
export type WebhookReceiverFault =
  | { kind: 'status'; status: number; retryAfter?: string; times?: number }
  /** Never answered: the client's timeout must fire. */
  | { kind: 'timeout'; times?: number };

export interface ReceivedRequest {
  kind: 'batch' | 'ping' | 'invalid';
  batchId: string | null;
  status: number;
  duplicate: boolean;
  /** The raw headers our client sent (lower-case names). */
  headers: Record<string, string>;
}

export interface WebhookReceiver {
  url: string;
  /** Batches applied, in order, each once. */
  batches: WebhookBatchBody[];
  requests: ReceivedRequest[];
  /** Active members of a segment: lower-cased email (or `profile:<id>` without one) → properties. */
  members(segmentId: number): Map<string, Record<string, unknown>>;
  inject(fault: WebhookReceiverFault): void;
  /** From now on members with this address are refused one by one in a 200 answer (`rejected[]`, reason invalid). */
  refuse(email: string): void;
  close(): Promise<void>;
}

const Member = z.object({
  profileId: z.number().int(),
  email: z.string().nullable(),
  customerId: z.string().nullable(),
  properties: z.record(z.string().regex(/^ss_/), z.unknown()),
  marketingConsent: z.boolean(),
  enteredAt: z.iso.datetime(),
}).strict();
const Removal = z.object({ profileId: z.number().int(), email: z.string().nullable(), customerId: z.string().nullable() }).strict();
const Batch = z.object({
  id: z.string().regex(/^whb_[0-9a-f]{40}$/),
  destinationId: z.number().int(),
  segment: z.object({ id: z.number().int(), name: z.string() }).strict(),
  sentAt: z.iso.datetime(),
  adds: z.array(Member),
  updates: z.array(Member),
  removes: z.array(Removal),
}).strict();
const Ping = z.object({ type: z.literal('ping'), destinationId: z.number().int(), sentAt: z.iso.datetime() }).strict();
export type WebhookBatchBody = z.infer<typeof Batch>;

const MAX_BODY = 10 * 1024 * 1024;

export async function startWebhookReceiver(options: { secret: string; now?: () => number; toleranceSeconds?: number }): Promise<WebhookReceiver> {
  const now = options.now ?? Date.now;
  const batches: WebhookBatchBody[] = [];
  const applied = new Set<string>();
  const requests: ReceivedRequest[] = [];
  const faults: Array<{ fault: WebhookReceiverFault; left: number }> = [];
  const refused = new Set<string>();
  const segments = new Map<number, Map<string, Record<string, unknown>>>();
  // profile id → member key, so a removal of a redacted shopper (email null) still finds its entry.
  const keys = new Map<number, string>();
  const held: ServerResponse[] = [];

  const keyOf = (m: { email: string | null; profileId: number }) => (m.email ? m.email.trim().toLowerCase() : `profile:${m.profileId}`);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readFakeRequestBody(req, MAX_BODY);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v ?? '']));
    const batchId = headers['x-segments-batch-id'] ?? null;
    const log = (kind: ReceivedRequest['kind'], status: number, duplicate = false) => requests.push({ kind, batchId, status, duplicate, headers });
    const send = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...extra }).end(JSON.stringify(body));
    };

    const check = verifyWebhookSignature({
      secret: options.secret, timestamp: headers['x-segments-timestamp'], body: raw, signature: headers['x-segments-signature'],
      now: now(), ...(options.toleranceSeconds !== undefined && { toleranceSeconds: options.toleranceSeconds }),
    });
    if (!check.ok) { log('invalid', 401); return send(401, { error: `signature ${check.reason}` }); }

    const entry = faults[0];
    if (entry) {
      entry.left -= 1;
      if (entry.left <= 0) faults.shift();
      if (entry.fault.kind === 'timeout') { log('batch', 0); held.push(res); return; }
      log('batch', entry.fault.status);
      return send(entry.fault.status, { error: 'injected' }, entry.fault.retryAfter ? { 'retry-after': entry.fault.retryAfter } : {});
    }

    let json: unknown;
    try { json = JSON.parse(raw); } catch { log('invalid', 400); return send(400, { error: 'bad json' }); }
    if (Ping.safeParse(json).success) { log('ping', 200); return send(200, { ok: true }); }
    const parsed = Batch.safeParse(json);
    if (!parsed.success || parsed.data.id !== batchId || headers['content-type'] !== 'application/json') {
      log('invalid', 400);
      return send(400, { error: parsed.success ? 'batch id header or content type mismatch' : parsed.error.message });
    }
    const batch = parsed.data;
    if (applied.has(batch.id)) { log('batch', 200, true); return send(200, { duplicate: true }); }
    applied.add(batch.id);
    batches.push(batch);
    const members = segments.get(batch.segment.id) ?? new Map<string, Record<string, unknown>>();
    segments.set(batch.segment.id, members);
    const rejected: Array<{ profileId: number; reason: 'invalid'; message: string }> = [];
    for (const m of [...batch.adds, ...batch.updates]) {
      if (refused.has(keyOf(m))) rejected.push({ profileId: m.profileId, reason: 'invalid', message: 'Refused by the receiver.' });
      else { members.set(keyOf(m), { ...m.properties }); keys.set(m.profileId, keyOf(m)); }
    }
    for (const m of batch.removes) members.delete(m.email ? keyOf(m) : keys.get(m.profileId) ?? keyOf(m));
    log('batch', 200);
    send(200, rejected.length > 0 ? { rejected } : { ok: true });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => { if (!res.headersSent) res.writeHead(500).end(String(err)); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks/segments`,
    batches,
    requests,
    members: (segmentId) => new Map(segments.get(segmentId) ?? []),
    inject: (fault) => { faults.push({ fault, left: fault.times ?? 1 }); },
    refuse: (email) => { refused.add(email.trim().toLowerCase()); },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
