import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { fixedClock } from '../../server/clock.js';
import { createShopQueries } from '../../server/db/shops.js';
import { startFakeKlaviyo, type FakeKlaviyo } from '../fakes/klaviyo/start-fake-klaviyo.js';
import { adminApiClient } from './admin-api-client.js';
import { insertSegmentMembers, segmentBody } from './destinations-test-world.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const OTHER_SHOP = 'other-shop.myshopify.com';
const GOOD_KEY = 'pk_test_good_key_0001';

describe('/api/destinations: links, runs, sync and test', () => {
  let t: TestApp;
  let klaviyo: FakeKlaviyo;
  const call = adminApiClient(() => t);
  let destinationId: number;
  let segmentId: number;
  let theirSegmentId: number;
  let theirDestinationId: number;

  const insertRun = (destination: number, fields: Record<string, unknown>) => {
    const row = { trigger: 'manual', status: 'succeeded', created_at: NOW, started_at: NOW, finished_at: NOW + 5_000, total: 0, done: 0,
      added: 0, removed: 0, updated: 0, failed: 0, excluded: '{}', hints: '{}', error_code: null, error_message: null, ...fields };
    return Number(t.db.prepare(`INSERT INTO sync_runs (destination_id, trigger, status, created_at, started_at, finished_at, total, done, added,
      removed, updated, failed, excluded, hints, error_code, error_message) VALUES (@destination, @trigger, @status, @created_at, @started_at,
      @finished_at, @total, @done, @added, @removed, @updated, @failed, @excluded, @hints, @error_code, @error_message)`).run({ destination, ...row }).lastInsertRowid);
  };

  beforeAll(async () => {
    klaviyo = await startFakeKlaviyo({ apiKeys: [GOOD_KEY], now: () => NOW });
    t = await startTestApp({ clock: fixedClock(NOW), env: { KLAVIYO_API_URL: klaviyo.baseUrl } });
    createShopQueries(t.db).ensure(OTHER_SHOP, NOW);
    destinationId = (await call('POST', '/destinations', { kind: 'klaviyo', name: 'Klaviyo', credentials: { apiKey: GOOD_KEY } })).body.id;
    segmentId = (await call('POST', '/segments', segmentBody('Loyal buyers'))).body.segment.id;
    theirSegmentId = (await call('POST', '/segments', segmentBody('Their segment'), OTHER_SHOP)).body.segment.id;
    theirDestinationId = (await call('POST', '/destinations', { kind: 'shopify_tags', name: 'Their tags' }, OTHER_SHOP)).body.id;
  });
  afterAll(async () => {
    await t?.stop();
    await klaviyo?.close();
  });

  it('links a segment once (201, then 409), and only a segment of the same shop (404)', async () => {
    const linked = await call('POST', `/destinations/${destinationId}/links`, { segmentId });
    expect(linked).toEqual({ status: 201, body: { segmentId, segmentName: 'Loyal buyers', remoteRef: null, syncedMembers: 0, deadOperations: 0 } });
    const again = await call('POST', `/destinations/${destinationId}/links`, { segmentId });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('destination_link_exists');
    for (const id of [theirSegmentId, 999_999]) {
      const r = await call('POST', `/destinations/${destinationId}/links`, { segmentId: id });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('segment_not_found');
    }
    // Their destination with our segment: the destination is what is not found.
    const cross = await call('POST', `/destinations/${theirDestinationId}/links`, { segmentId });
    expect(cross.status).toBe(404);
    expect(cross.body.error.code).toBe('destination_not_found');
    for (const body of [{}, { segmentId: 'one' }, { segmentId: 0 }, { segmentId: 1.5 }, { segmentId, extra: true }]) {
      const r = await call('POST', `/destinations/${destinationId}/links`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('invalid_body');
    }
    expect(t.db.prepare('SELECT segment_id FROM destination_links ORDER BY id').pluck().all()).toEqual([segmentId]);
  });

  it('counts synced members and dead operations per link, in the destination and in the segment\'s view', async () => {
    const [a, b, c] = insertSegmentMembers(t.db, t.shop.id, segmentId, [{ enteredAt: NOW }, { enteredAt: NOW }, { enteredAt: NOW }]);
    const link = t.db.prepare('SELECT id FROM destination_links WHERE destination_id = ? AND segment_id = ?').pluck().get(destinationId, segmentId) as number;
    t.db.prepare("UPDATE destination_links SET remote_ref = 'LIST1' WHERE id = ?").run(link);
    const member = t.db.prepare("INSERT INTO destination_members (link_id, profile_id, remote_id, props_hash, entered_at, synced_at) VALUES (?, ?, 'r', 'h', ?, ?)");
    member.run(link, a, NOW, NOW);
    member.run(link, b, NOW, NOW);
    const outbox = t.db.prepare(`INSERT INTO sync_outbox (destination_id, link_id, profile_id, op, entered_at, status, next_attempt_at, created_at, updated_at)
      VALUES (?, ?, ?, 'add', ?, ?, ?, ?, ?)`);
    outbox.run(destinationId, link, c, NOW, 'dead', NOW, NOW, NOW);
    outbox.run(destinationId, link, b, NOW, 'done', NOW, NOW, NOW);
    const runId = insertRun(destinationId, { total: 3, done: 3, added: 2, failed: 1, status: 'partial', excluded: '{"no_marketing_consent":4}', hints: '{"possible_typo":1}' });

    const expectedLink = { segmentId, segmentName: 'Loyal buyers', remoteRef: 'LIST1', syncedMembers: 2, deadOperations: 1 };
    const expectedRun = {
      id: runId, destinationId, trigger: 'manual', status: 'partial', createdAt: new Date(NOW).toISOString(), startedAt: new Date(NOW).toISOString(),
      finishedAt: new Date(NOW + 5_000).toISOString(), total: 3, done: 3, added: 2, removed: 0, updated: 0, failed: 1,
      excluded: { no_marketing_consent: 4 }, hints: { possible_typo: 1 }, error: null,
    };
    expect((await call('GET', `/destinations/${destinationId}`)).body).toMatchObject({ links: [expectedLink], lastRun: expectedRun });
    expect((await call('GET', '/destinations')).body[0]).toMatchObject({ id: destinationId, links: [expectedLink], lastRun: expectedRun });
    expect(await call('GET', `/segments/${segmentId}/destinations`)).toEqual({
      status: 200,
      body: [{ destination: { id: destinationId, kind: 'klaviyo', name: 'Klaviyo', status: 'active', paused: null }, link: expectedLink, lastRun: expectedRun }],
    });
    expect((await call('GET', `/segments/${theirSegmentId}/destinations`)).body.error.code).toBe('segment_not_found');
    expect((await call('GET', `/segments/${theirSegmentId}/destinations`, undefined, OTHER_SHOP)).body).toEqual([]);
  });

  it('lists runs newest first with a bounded limit, and reads one run only within its shop', async () => {
    const older = t.db.prepare('SELECT max(id) FROM sync_runs WHERE destination_id = ?').pluck().get(destinationId) as number;
    const failed = insertRun(destinationId, { status: 'failed', error_code: 'server_error', error_message: 'Klaviyo answered 503.' });
    const runs = await call('GET', `/destinations/${destinationId}/runs?limit=1`);
    expect(runs.status).toBe(200);
    expect(runs.body).toHaveLength(1);
    expect(runs.body[0]).toMatchObject({ id: failed, status: 'failed', error: { code: 'server_error', message: 'Klaviyo answered 503.' } });
    expect((await call('GET', `/destinations/${destinationId}/runs`)).body.map((r: { id: number }) => r.id)).toEqual([failed, older]);
    for (const limit of ['0', '101', 'x']) {
      const r = await call('GET', `/destinations/${destinationId}/runs?limit=${limit}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_query');
    }
    expect((await call('GET', `/destinations/${theirDestinationId}/runs`)).status).toBe(404);

    const one = await call('GET', `/sync-runs/${failed}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: failed, destinationId, status: 'failed' });
    const theirRun = insertRun(theirDestinationId, {});
    for (const [path, shop] of [[`/sync-runs/${theirRun}`, undefined], [`/sync-runs/${failed}`, OTHER_SHOP], ['/sync-runs/999999', undefined], ['/sync-runs/x', undefined]] as const) {
      const r = await call('GET', path, undefined, shop);
      expect(r.status, path).toBe(404);
      expect(r.body.error.code).toBe('sync_run_not_found');
    }
  });

  it('queues a manual run (202) and hands back the same run while it is queued', async () => {
    const queued = await call('POST', `/destinations/${destinationId}/sync`);
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ destinationId, trigger: 'manual', status: 'queued', startedAt: null });
    const again = await call('POST', `/destinations/${destinationId}/sync`);
    expect(again.body.id).toBe(queued.body.id);
    expect((await call('GET', `/sync-runs/${queued.body.id}`)).body).toMatchObject({ id: queued.body.id, status: 'queued' });
    expect((await call('GET', `/destinations/${destinationId}`)).body.lastRun.id).toBe(queued.body.id);
    expect((await call('POST', `/destinations/${theirDestinationId}/sync`)).status).toBe(404);
    expect(t.db.prepare('SELECT count(*) FROM sync_runs WHERE destination_id = ?').pluck().get(theirDestinationId)).toBe(1);
  });

  it('shows a run the engine finished, and the list it made for the link', async () => {
    const id = (await call('POST', '/destinations', { kind: 'klaviyo', name: 'Fresh', credentials: { apiKey: GOOD_KEY } })).body.id as number;
    const segment = (await call('POST', '/segments', segmentBody('Fresh segment'))).body.segment.id as number;
    await call('POST', `/destinations/${id}/links`, { segmentId: segment });
    const queued = (await call('POST', `/destinations/${id}/sync`)).body;
    await t.app.destinations.drain();
    const run = (await call('GET', `/sync-runs/${queued.id}`)).body;
    expect(run).toMatchObject({ id: queued.id, status: 'succeeded', total: 0, done: 0, error: null, finishedAt: expect.any(String) });
    const destination = (await call('GET', `/destinations/${id}`)).body;
    expect(destination.lastRun).toEqual(run);
    expect(destination.links).toEqual([{ segmentId: segment, segmentName: 'Fresh segment', remoteRef: expect.any(String), syncedMembers: 0, deadOperations: 0 }]);
    expect([...klaviyo.state.lists.keys()]).toContain(destination.links[0].remoteRef);
    expect((await call('GET', `/destinations/${id}/runs`)).body).toEqual([run]);
  });

  it('tests the stored credentials against the remote', async () => {
    expect(await call('POST', `/destinations/${destinationId}/test`)).toEqual({ status: 200, body: { ok: true } });
    const wrong = (await call('POST', '/destinations', { kind: 'klaviyo', name: 'Wrong key', credentials: { apiKey: 'pk_test_wrong_key' } })).body.id;
    const refused = await call('POST', `/destinations/${wrong}/test`);
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ ok: false, status: 401 });
    expect(JSON.stringify(refused.body)).not.toContain('pk_test_wrong_key');
    expect((await call('POST', `/destinations/${theirDestinationId}/test`)).status).toBe(404);
  });

  it('unlinks a segment (204) and forgets its synced state; a second unlink is 404', async () => {
    expect(await call('DELETE', `/destinations/${destinationId}/links/${segmentId}`)).toEqual({ status: 204, body: null });
    expect(t.db.prepare('SELECT count(*) FROM destination_members').pluck().get()).toBe(0);
    expect((await call('GET', `/destinations/${destinationId}`)).body.links).toEqual([]);
    expect((await call('GET', `/segments/${segmentId}/destinations`)).body).toEqual([]);
    for (const path of [`/destinations/${destinationId}/links/${segmentId}`, `/destinations/${destinationId}/links/abc`]) {
      const r = await call('DELETE', path);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('destination_link_not_found');
    }
    expect((await call('DELETE', `/destinations/${theirDestinationId}/links/${theirSegmentId}`)).body.error.code).toBe('destination_not_found');
  });
});
