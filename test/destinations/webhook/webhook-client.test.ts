import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixedClock } from '../../../server/clock.js';
import type { SyncMember, SyncOperation } from '../../../server/destinations/destination-client.js';
import { DestinationError } from '../../../server/destinations/destination-error.js';
import { createFetchHttpClient } from '../../../server/destinations/http/http-client.js';
import { createWebhookClient } from '../../../server/destinations/webhook/create-webhook-client.js';
import { verifyWebhookSignature } from '../../../server/destinations/webhook/sign-webhook-body.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver/start-webhook-receiver.js';

const SECRET = 'whsec_test-secret-0123456789';
const T0 = Date.parse('2026-11-29T03:00:00Z');
const target = { segmentId: 7, segmentName: 'VIP buyers', remoteRef: 'segment-7' };

const member = (profileId: number, overrides: Partial<SyncMember> = {}): SyncMember => ({
  profileId,
  email: `shopper${profileId}@example.com`,
  customerId: profileId % 2 === 0 ? String(9000 + profileId) : null,
  properties: { ss_segments: ['VIP buyers'], ss_orders: profileId, ss_rfm_group: 'champions' },
  marketingConsent: true,
  consentedAt: null,
  enteredAt: T0 - 60_000,
  ...overrides,
});

let receiver: WebhookReceiver;
let clock: ReturnType<typeof fixedClock>;
beforeEach(async () => {
  clock = fixedClock(T0);
  receiver = await startWebhookReceiver({ secret: SECRET, now: () => clock.now() });
});
afterEach(async () => { await receiver.close(); });

const client = (overrides: { secret?: string; url?: string; timeoutMs?: number } = {}) => createWebhookClient({
  url: overrides.url ?? receiver.url,
  secret: overrides.secret ?? SECRET,
  destinationId: 3,
  http: createFetchHttpClient({ timeoutMs: overrides.timeoutMs ?? 5_000 }),
  clock,
});

async function failure(promise: Promise<unknown>): Promise<DestinationError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DestinationError);
  return err as DestinationError;
}

describe('webhook client: delivery', () => {
  it('sends adds, updates and removes as one signed batch and reports every operation ok', async () => {
    const ops: SyncOperation[] = [
      { op: 'add', member: member(1) },
      { op: 'add', member: member(2) },
      { op: 'update', member: member(4, { properties: { ss_orders: 5 } }), remoteId: null },
      { op: 'remove', profileId: 5, email: 'Gone@Example.com', customerId: '9005', remoteId: null, enteredAt: T0 - 1 },
    ];
    const outcomes = await client().apply(target, ops);
    expect(outcomes).toEqual(ops.map(() => ({ result: 'ok', remoteId: null })));
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request).toMatchObject({ kind: 'batch', status: 200, duplicate: false });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-segments-timestamp']).toBe(String(T0 / 1000));
    expect(request?.headers['x-segments-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    const [batch] = receiver.batches;
    expect(batch).toEqual({
      id: request?.batchId,
      destinationId: 3,
      segment: { id: 7, name: 'VIP buyers' },
      sentAt: '2026-11-29T03:00:00.000Z',
      adds: [
        { profileId: 1, email: 'shopper1@example.com', customerId: null, properties: { ss_segments: ['VIP buyers'], ss_orders: 1, ss_rfm_group: 'champions' }, marketingConsent: true, enteredAt: '2026-11-29T02:59:00.000Z' },
        { profileId: 2, email: 'shopper2@example.com', customerId: '9002', properties: { ss_segments: ['VIP buyers'], ss_orders: 2, ss_rfm_group: 'champions' }, marketingConsent: true, enteredAt: '2026-11-29T02:59:00.000Z' },
      ],
      updates: [{ profileId: 4, email: 'shopper4@example.com', customerId: '9004', properties: { ss_orders: 5 }, marketingConsent: true, enteredAt: '2026-11-29T02:59:00.000Z' }],
      removes: [{ profileId: 5, email: 'Gone@Example.com', customerId: '9005' }],
    });
    expect([...receiver.members(7).keys()].sort()).toEqual(['shopper1@example.com', 'shopper2@example.com', 'shopper4@example.com']);
  });

  it('re-sends the same operations with the same batch id, so the receiver can drop the replay', async () => {
    const ops: SyncOperation[] = [{ op: 'add', member: member(1) }, { op: 'add', member: member(2) }];
    await client().apply(target, ops);
    clock.advance(90_000);
    expect(await client().apply(target, ops)).toEqual([{ result: 'ok', remoteId: null }, { result: 'ok', remoteId: null }]);
    expect(receiver.requests.map((r) => [r.status, r.duplicate])).toEqual([[200, false], [200, true]]);
    expect(receiver.requests[0]?.batchId).toBe(receiver.requests[1]?.batchId);
    expect(receiver.requests[1]?.headers['x-segments-timestamp']).toBe(String(T0 / 1000 + 90));
    expect(receiver.batches).toHaveLength(1);

    // Different content (a changed property) is a different batch.
    await client().apply(target, [{ op: 'add', member: member(1, { properties: { ss_orders: 99 } }) }, { op: 'add', member: member(2) }]);
    expect(receiver.batches).toHaveLength(2);
    expect(receiver.batches[1]?.id).not.toBe(receiver.batches[0]?.id);
    expect(receiver.members(7).get('shopper1@example.com')).toEqual({ ss_orders: 99 });
  });

  it('keeps the batch id when only the order of property keys differs', async () => {
    await client().apply(target, [{ op: 'add', member: member(1, { properties: { ss_a: 1, ss_b: 2 } }) }]);
    await client().apply(target, [{ op: 'add', member: member(1, { properties: { ss_b: 2, ss_a: 1 } }) }]);
    expect(receiver.requests.map((r) => r.duplicate)).toEqual([false, true]);
  });

  it('sends nothing for an empty batch, and keeps a stable target ref', async () => {
    expect(await client().apply(target, [])).toEqual([]);
    expect(receiver.requests).toHaveLength(0);
    expect(await client().ensureTarget({ segmentId: 12, segmentName: 'Lapsed', remoteRef: null })).toBe('segment-12');
    expect(await client().ensureTarget({ segmentId: 12, segmentName: 'Renamed', remoteRef: 'segment-12' })).toBe('segment-12');
  });

  it('reports members the receiver refuses one by one as rejected, the rest ok', async () => {
    receiver.refuse('SHOPPER2@example.com');
    const outcomes = await client().apply(target, [{ op: 'add', member: member(1) }, { op: 'add', member: member(2) }, { op: 'add', member: member(3) }]);
    expect(outcomes).toEqual([
      { result: 'ok', remoteId: null },
      { result: 'rejected', status: 200, code: 'webhook_member_refused', message: 'Refused by the receiver.', suppress: 'invalid' },
      { result: 'ok', remoteId: null },
    ]);
    expect([...receiver.members(7).keys()].sort()).toEqual(['shopper1@example.com', 'shopper3@example.com']);
  });

  it('removes a redacted member (no email any more) by its profile id', async () => {
    await client().apply(target, [{ op: 'add', member: member(1) }]);
    await client().apply(target, [{ op: 'remove', profileId: 1, email: null, customerId: null, remoteId: null, enteredAt: T0 }]);
    expect(receiver.members(7).size).toBe(0);
    expect(receiver.batches[1]?.removes).toEqual([{ profileId: 1, email: null, customerId: null }]);
  });
});

describe('webhook client: status classes', () => {
  const ops: SyncOperation[] = [{ op: 'add', member: member(1) }, { op: 'remove', profileId: 2, email: 'b@example.com', customerId: null, remoteId: null, enteredAt: T0 }];

  it('treats a 4xx refusal as final for every operation of the batch', async () => {
    receiver.inject({ kind: 'status', status: 422 });
    const outcomes = await client().apply(target, ops);
    expect(outcomes).toEqual(ops.map(() => ({ result: 'rejected', status: 422, code: 'webhook_refused', message: 'The webhook endpoint refused the batch (HTTP 422).' })));
    receiver.inject({ kind: 'status', status: 404 });
    expect((await client().apply(target, ops)).map((o) => o.result)).toEqual(['rejected', 'rejected']);
  });

  it('fails the call on 401/403 (signature), 408, 429 with Retry-After, and 5xx', async () => {
    const wrongSecret = await failure(client({ secret: 'another-secret-0123456789' }).apply(target, ops));
    expect([wrongSecret.status, wrongSecret.code]).toEqual([401, 'credentials_rejected']);

    receiver.inject({ kind: 'status', status: 403 });
    expect((await failure(client().apply(target, ops))).status).toBe(403);
    receiver.inject({ kind: 'status', status: 408 });
    expect((await failure(client().apply(target, ops))).status).toBe(408);
    receiver.inject({ kind: 'status', status: 429, retryAfter: '7' });
    const throttled = await failure(client().apply(target, ops));
    expect([throttled.status, throttled.code, throttled.retryAfterMs]).toEqual([429, 'throttled', 7000]);
    receiver.inject({ kind: 'status', status: 429, retryAfter: new Date(T0 + 30_000).toUTCString() });
    expect((await failure(client().apply(target, ops))).retryAfterMs).toBe(30_000);
    receiver.inject({ kind: 'status', status: 429 });
    expect((await failure(client().apply(target, ops))).retryAfterMs).toBeNull();
    receiver.inject({ kind: 'status', status: 503, times: 2 });
    expect((await failure(client().apply(target, ops))).status).toBe(503);
    expect((await failure(client().apply(target, ops))).code).toBe('server_error');

    // Nothing was applied by the failed calls; the next attempt delivers the batch.
    expect(receiver.batches).toHaveLength(0);
    expect(await client().apply(target, ops)).toEqual([{ result: 'ok', remoteId: null }, { result: 'ok', remoteId: null }]);
    expect(receiver.batches).toHaveLength(1);
  });

  it('maps a timeout and a refused connection to status 0', async () => {
    receiver.inject({ kind: 'timeout' });
    const timedOut = await failure(client({ timeoutMs: 200 }).apply(target, ops));
    expect([timedOut.status, timedOut.code]).toEqual([0, 'timeout']);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await failure(client({ url: `http://127.0.0.1:${port}/hook` }).apply(target, ops));
    expect([refused.status, refused.code]).toEqual([0, 'network']);
  });
});

describe('webhook client: verify', () => {
  it('sends a signed ping the receiver accepts', async () => {
    await client().verify();
    expect(receiver.requests.map((r) => [r.kind, r.status])).toEqual([['ping', 200]]);
    expect(receiver.batches).toHaveLength(0);
  });

  it('throws with the status when the receiver refuses the ping', async () => {
    expect((await failure(client({ secret: 'another-secret-0123456789' }).verify())).status).toBe(401);
    receiver.inject({ kind: 'status', status: 404 });
    const notFound = await failure(client().verify());
    expect([notFound.status, notFound.code]).toEqual([404, 'refused']);
    receiver.inject({ kind: 'status', status: 500 });
    expect((await failure(client().verify())).status).toBe(500);
  });
});

describe('verifyWebhookSignature', () => {
  const body = '{"id":"whb_1","adds":[]}';
  const signed = async () => {
    // Sign the way the client does, by capturing a real request.
    await client().apply(target, [{ op: 'add', member: member(1) }]);
    return receiver.requests[0]?.headers ?? {};
  };

  it('accepts what the client signs and refuses a changed body, a wrong secret, a stale or malformed header', async () => {
    const headers = await signed();
    const raw = JSON.stringify(receiver.batches[0]);
    const input = { secret: SECRET, timestamp: headers['x-segments-timestamp'], body: raw, signature: headers['x-segments-signature'], now: T0 };
    expect(verifyWebhookSignature(input)).toEqual({ ok: true });
    expect(verifyWebhookSignature({ ...input, body: Buffer.from(raw) })).toEqual({ ok: true });
    expect(verifyWebhookSignature({ ...input, body: raw.replace('shopper1', 'shopper9') })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ ...input, secret: 'nope' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ ...input, timestamp: String(T0 / 1000 + 1) })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ ...input, now: T0 + 301_000 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhookSignature({ ...input, now: T0 - 301_000 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhookSignature({ ...input, now: T0 + 3_000_000, toleranceSeconds: 3600 })).toEqual({ ok: true });
    expect(verifyWebhookSignature({ ...input, signature: undefined })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyWebhookSignature({ ...input, signature: 'sha1=abc' })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyWebhookSignature({ ...input, timestamp: 'yesterday' })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyWebhookSignature({ ...input, body, timestamp: Number(headers['x-segments-timestamp']) })).toEqual({ ok: false, reason: 'mismatch' });
  });
});
