import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signWebhookBody } from '../../../server/destinations/webhook/sign-webhook-body.js';
import { startWebhookReceiver, type WebhookReceiver } from './start-webhook-receiver.js';

const SECRET = 'whsec_receiver_test_secret_01';
const NOW = Date.parse('2026-11-29T03:00:00Z');
let receiver: WebhookReceiver;
beforeEach(async () => { receiver = await startWebhookReceiver({ secret: SECRET, now: () => NOW }); });
afterEach(async () => { await receiver.close(); });

const batch = {
  id: `whb_${'a'.repeat(40)}`, destinationId: 1, segment: { id: 2, name: 'VIP' }, sentAt: '2026-11-29T03:00:00.000Z',
  adds: [{ profileId: 1, email: 'A@example.com', customerId: null, properties: { ss_orders: 1 }, marketingConsent: true, enteredAt: '2026-11-29T02:00:00.000Z' }],
  updates: [], removes: [],
};

async function post(body: unknown, options: { secret?: string; timestamp?: number; batchId?: string } = {}) {
  const raw = JSON.stringify(body);
  const timestamp = options.timestamp ?? NOW / 1000;
  const res = await fetch(receiver.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-segments-timestamp': String(timestamp),
      'x-segments-signature': signWebhookBody(options.secret ?? SECRET, timestamp, raw),
      'x-segments-batch-id': options.batchId ?? batch.id,
    },
    body: raw,
  });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
}

describe('fake webhook receiver', () => {
  it('applies a signed batch once and keys members by lower-cased address', async () => {
    expect(await post(batch)).toEqual({ status: 200, body: { ok: true } });
    expect(await post(batch)).toEqual({ status: 200, body: { duplicate: true } });
    expect(receiver.batches).toHaveLength(1);
    expect(receiver.members(2)).toEqual(new Map([['a@example.com', { ss_orders: 1 }]]));
    expect(receiver.requests.map((r) => [r.kind, r.status, r.duplicate])).toEqual([['batch', 200, false], ['batch', 200, true]]);
  });

  it('answers 401 for a wrong secret or a stale timestamp, 400 for a payload off the documented shape', async () => {
    expect((await post(batch, { secret: 'nope' })).status).toBe(401);
    expect((await post(batch, { timestamp: NOW / 1000 - 301 })).body).toEqual({ error: 'signature stale' });
    expect((await post({ ...batch, extra: 1 })).status).toBe(400);
    expect((await post({ ...batch, adds: [{ ...batch.adds[0], properties: { orders: 1 } }] })).status).toBe(400);
    expect((await post(batch, { batchId: 'whb_other' })).status).toBe(400);
    expect(receiver.batches).toHaveLength(0);
  });

  it('answers injected statuses without applying, then applies the re-sent batch', async () => {
    receiver.inject({ kind: 'status', status: 503, times: 2 });
    expect((await post(batch)).status).toBe(503);
    expect((await post(batch)).status).toBe(503);
    expect((await post(batch)).status).toBe(200);
    expect(receiver.batches).toHaveLength(1);
  });
});
