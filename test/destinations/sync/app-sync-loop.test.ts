import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncRunView } from '../../../server/admin-api/admin-api-types.js';
import { adminApiClient } from '../../admin-api/admin-api-client.js';
import { startTestApp, type TestApp } from '../../helpers/start-test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver/start-webhook-receiver.js';

/** The app's own sync service, started as in production: a sync asked for through the API just happens. */
describe('the app runs destination syncs by itself', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  const api = adminApiClient(() => t);

  beforeEach(async () => {
    t = await startTestApp({ runDestinationSync: true });
    receiver = await startWebhookReceiver({ secret: 'whsec_app_loop_secret_0123456789', now: () => t.clock.now() });
  });
  afterEach(async () => {
    await t.stop();
    await receiver.close();
  });

  it('POST /api/destinations/:id/sync → the run is picked up and succeeds; close() stops the service', async () => {
    const segment = await api('POST', '/segments', {
      name: 'Loop', query: 'number_of_orders >= 1000000', kpi: 'conversion_rate', activation: { channel: 'email', plan: 'test' }, refreshPolicy: 'daily',
    });
    const segmentId = (segment.body as { segment: { id: number } }).segment.id;
    const now = t.clock.now();
    const profileId = Number(t.db.prepare('INSERT INTO profiles (shop_id, first_seen_at, last_seen_at, created_at) VALUES (?, ?, ?, ?)').run(t.shop.id, now, now, now).lastInsertRowid);
    t.db.prepare("INSERT INTO identifiers (shop_id, kind, value, profile_id, first_seen_at) VALUES (?, 'email', 'loop@example.com', ?, ?)").run(t.shop.id, profileId, now);
    t.db.prepare("INSERT INTO customers (shop_id, customer_id, profile_id, email_consent_state, received_at) VALUES (?, '55', ?, 'subscribed', ?)").run(t.shop.id, profileId, now);
    t.db.prepare('INSERT INTO segment_members (segment_id, profile_id, entered_at) VALUES (?, ?, ?)').run(segmentId, profileId, now);

    const created = await api('POST', '/destinations', {
      kind: 'webhook', name: 'Loop hook', settings: { url: receiver.url }, credentials: { secret: 'whsec_app_loop_secret_0123456789' },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: number }).id;
    expect((await api('POST', `/destinations/${id}/links`, { segmentId })).status).toBe(201);
    const queued = await api('POST', `/destinations/${id}/sync`);
    expect(queued.status).toBe(202);
    const runId = (queued.body as SyncRunView).id;

    let run: SyncRunView | null = null;
    for (let i = 0; i < 100; i++) {
      run = (await api('GET', `/sync-runs/${runId}`)).body as SyncRunView;
      if (run.status !== 'queued' && run.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(run).toMatchObject({ status: 'succeeded', added: 1, total: 1, done: 1 });
    expect([...receiver.members(segmentId).keys()]).toEqual(['loop@example.com']);
  });
});
