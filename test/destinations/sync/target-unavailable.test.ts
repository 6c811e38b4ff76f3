import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/clock.js';
import { createSegmentMembershipQueries } from '../../../server/db/segment-membership-queries.js';
import { createFetchHttpClient } from '../../../server/destinations/http/http-client.js';
import { createDestinationSync, type DestinationSync } from '../../../server/destinations/sync/create-destination-sync.js';
import { silentLogger } from '../../../server/logger.js';
import { startFakeKlaviyo, type FakeKlaviyo } from '../../fakes/klaviyo/start-fake-klaviyo.js';
import { startTestApp, type TestApp } from '../../helpers/start-test-app.js';
import { adminApiClient } from '../../admin-api/admin-api-client.js';

const API_KEY = 'pk_target_unavailable';

/**
 * A run plans before it finds or makes the list (so the rate budget is spent only once batches follow):
 * when the list cannot be reached, the run fails naming the segment, nothing is sent, and the planned
 * operations wait in the outbox for the next run.
 */
describe('destination sync: a list that cannot be reached', () => {
  let fake: FakeKlaviyo;
  let t: TestApp;
  let sync: DestinationSync;
  let destinationId: number;
  let segmentId: number;
  const clock = fixedClock(Date.UTC(2026, 10, 29, 9));
  const api = adminApiClient(() => t);

  beforeEach(async () => {
    fake = await startFakeKlaviyo({ apiKeys: [API_KEY] });
    t = await startTestApp({ env: { KLAVIYO_API_URL: fake.baseUrl }, clock });
    sync = createDestinationSync({
      db: t.db, clock, config: t.config, logger: silentLogger, http: createFetchHttpClient({ timeoutMs: 1_000 }),
      graphqlFor: () => { throw new Error('no Shopify here'); },
      sleep: async (ms) => { clock.advance(ms); },
    });
    const now = clock.now();
    segmentId = Number(t.db.prepare(`INSERT INTO segments (shop_id, name, description, query, kpi, activation_channel, activation_plan, refresh_policy, status, created_at, updated_at)
      VALUES (?, 'Loyal', '', 'number_of_orders >= 2', 'repeat_rate', 'email', '', 'live', 'active', ?, ?)`).run(t.shop.id, now, now).lastInsertRowid);
    const ids = ['ann@example.com', 'bob@example.com'].map((email, i) => {
      const id = Number(t.db.prepare('INSERT INTO profiles (shop_id, customer_id, first_seen_at, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(t.shop.id, String(500 + i), now, now, now).lastInsertRowid);
      t.db.prepare("INSERT INTO identifiers (shop_id, kind, value, profile_id, first_seen_at) VALUES (?, 'email', ?, ?, ?)").run(t.shop.id, email, id, now);
      t.db.prepare(`INSERT INTO customers (shop_id, customer_id, profile_id, email_consent_state, email_consent_updated_at, received_at)
        VALUES (?, ?, ?, 'subscribed', ?, ?)`).run(t.shop.id, String(500 + i), id, now, now);
      t.db.prepare('INSERT INTO profile_traits (profile_id, shop_id, customer_id, number_of_orders, amount_spent, computed_at) VALUES (?, ?, ?, 3, 90, ?)')
        .run(id, t.shop.id, String(500 + i), now);
      return id;
    });
    t.db.transaction(() => createSegmentMembershipQueries(t.db).apply(segmentId,
      ids.map((profileId) => ({ segmentId, profileId, change: 'enter' as const, at: now, reason: 'live' as const })), '2026-11-29'))();
    const created = await api('POST', '/destinations', { kind: 'klaviyo', name: 'Klaviyo', settings: { subscribeWithConsent: false }, credentials: { apiKey: API_KEY } });
    destinationId = (created.body as { id: number }).id;
    expect((await api('POST', `/destinations/${destinationId}/links`, { segmentId })).status).toBe(201);
  });
  afterEach(async () => {
    await sync.stop();
    await t.stop();
    await fake.close();
  });

  const runNow = async () => {
    const queued = sync.requestRun(t.shop.id, destinationId, 'manual');
    await sync.drain();
    return sync.getRun(t.shop.id, queued.id)!;
  };
  const pending = () => t.db.prepare("SELECT count(*) FROM sync_outbox WHERE status = 'pending' AND destination_id = ?").pluck().get(destinationId);

  it('fails the run with the reason, sends nobody, and the next run sends the planned members', async () => {
    // Klaviyo refuses to create the list (a 400 is final, not retried).
    fake.inject({ kind: 'status', method: 'POST', path: '/api/lists', status: 400 });
    const failed = await runNow();
    expect(failed).toMatchObject({ status: 'failed', added: 0, error: { code: 'invalid' } });
    expect(failed.error?.message).toMatch(new RegExp(`^Segment ${segmentId}: `));
    expect(fake.state.requests.filter((r) => r.path === '/api/profiles' || r.path === '/api/profile-bulk-import-jobs')).toHaveLength(0);
    expect(pending()).toBe(2);

    const next = await runNow();
    expect(next).toMatchObject({ status: 'succeeded', added: 2 });
    expect(pending()).toBe(0);
    expect([...fake.state.memberships.values()].map((m) => m.size)).toEqual([2]);
  });
});
