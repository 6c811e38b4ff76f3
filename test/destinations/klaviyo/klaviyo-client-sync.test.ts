import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncOperation } from '../../../server/destinations/destination-client.js';
import { listEmails, member, profileByEmail, startKlaviyoClientFixture, target, throttledCount } from './klaviyo-client-fixture.js';

type Fixture = Awaited<ReturnType<typeof startKlaviyoClientFixture>>;

describe('Klaviyo client: lists, adds, updates, removes and segment events', () => {
  let f: Fixture;
  beforeEach(async () => { f = await startKlaviyoClientFixture(); });
  afterEach(async () => { await f.fake.close(); });

  const adds = (ids: number[]): SyncOperation[] => ids.map((id) => ({ op: 'add', member: member(id) }));

  it('verifies the key with one cheap call', async () => {
    await f.client.verify();
    expect(f.fake.state.requests.map((r) => [r.method, r.path, r.status])).toEqual([['GET', '/api/lists', 200]]);
  });

  it('creates the list once, finds it again by its exact name, and keeps a stored list id', async () => {
    const listId = await f.client.ensureTarget(target());
    expect(f.fake.state.lists.get(listId)?.name).toBe('Shopper Segments: Champions');
    expect(await f.client.ensureTarget(target())).toBe(listId);
    expect(await f.client.ensureTarget(target(listId))).toBe(listId);
    expect(f.fake.state.lists.size).toBe(1);

    // A list deleted in Klaviyo is replaced rather than written to.
    f.fake.state.lists.delete(listId);
    const again = await f.client.ensureTarget(target(listId));
    expect(again).not.toBe(listId);
    expect(f.fake.state.lists.size).toBe(1);
  });

  it('adds members: profiles with ss_ properties, list membership, one Entered Segment event each with the contract unique id', async () => {
    const listId = await f.client.ensureTarget(target());
    const outcomes = await f.client.apply(target(listId), adds([1, 2, 3]));
    expect(outcomes).toEqual([{ result: 'ok', remoteId: null }, { result: 'ok', remoteId: null }, { result: 'ok', remoteId: null }]);
    expect(listEmails(f.fake, listId)).toEqual(['shopper1@shop.test', 'shopper2@shop.test', 'shopper3@shop.test']);
    expect(profileByEmail(f.fake, 'shopper2@shop.test')?.properties).toEqual({ ss_segments: ['Champions'], ss_rfm_group: 'champions', ss_orders: 2, ss_last_order_at: null });
    expect(f.fake.state.events.map((e) => [f.fake.state.profiles.get(e.profileId)?.email, e.metric, e.uniqueId, e.properties])).toEqual([1, 2, 3].map((id) => [
      `shopper${id}@shop.test`, 'Entered Segment', `ss:7:${id}:${member(id).enteredAt}:enter`, { segment_id: 7, segment_name: 'Champions' },
    ]));
    // Auth, revision and JSON:API on every call; one job polled with sleeps between polls; no 429.
    const paths = f.fake.state.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(paths.filter((p) => p.startsWith('POST /api/profile-bulk-import-jobs'))).toEqual(['POST /api/profile-bulk-import-jobs 202']);
    expect(paths.filter((p) => p.startsWith('GET /api/profile-bulk-import-jobs/'))).toHaveLength(2);
    expect(paths.filter((p) => p.startsWith('POST /api/event-bulk-create-jobs'))).toEqual(['POST /api/event-bulk-create-jobs 202']);
    expect(f.sleeps.length).toBeGreaterThanOrEqual(2);
    expect(throttledCount(f.fake)).toBe(0);
  });

  it('replays the same operations harmlessly: no second membership, profile or flow event, and the ids come back', async () => {
    const listId = await f.client.ensureTarget(target());
    await f.client.apply(target(listId), adds([1, 2]));
    const replayed = await f.client.apply(target(listId), adds([1, 2]));
    const ids = [1, 2].map((id) => profileByEmail(f.fake, `shopper${id}@shop.test`)?.id);
    expect(replayed).toEqual(ids.map((remoteId) => ({ result: 'ok', remoteId })));
    expect(f.fake.state.profiles.size).toBe(2);
    expect(f.fake.state.memberships.get(listId)?.size).toBe(2);
    expect(f.fake.state.events).toHaveLength(2);
  });

  it('updates properties in place and returns the profile id', async () => {
    const listId = await f.client.ensureTarget(target());
    await f.client.apply(target(listId), adds([1]));
    const changed = member(1, { properties: { ss_segments: ['Champions', 'VIP'], ss_rfm_group: 'loyal', ss_orders: 9, ss_last_order_at: '2026-11-01T00:00:00.000Z' } });
    const outcomes = await f.client.apply(target(listId), [{ op: 'update', member: changed, remoteId: null }]);
    const profile = profileByEmail(f.fake, 'shopper1@shop.test');
    expect(outcomes).toEqual([{ result: 'ok', remoteId: profile?.id }]);
    expect(profile?.properties).toEqual(changed.properties);
    expect(f.fake.state.events).toHaveLength(1); // an update triggers no flow
  });

  it('removes members from the list without unsubscribing them, sends Exited Segment, and treats an unknown member as removed', async () => {
    const listId = await f.client.ensureTarget(target());
    await f.client.apply(target(listId), adds([1, 2, 3]));
    const one = profileByEmail(f.fake, 'shopper1@shop.test');
    one!.emailMarketing.consent = 'SUBSCRIBED';
    const ops: SyncOperation[] = [
      { op: 'remove', profileId: 1, email: null, customerId: null, remoteId: one!.id, enteredAt: member(1).enteredAt },
      { op: 'remove', profileId: 2, email: 'Shopper2@shop.test', customerId: null, remoteId: null, enteredAt: member(2).enteredAt },
      { op: 'remove', profileId: 9, email: 'stranger@shop.test', customerId: null, remoteId: null, enteredAt: 5 },
      { op: 'remove', profileId: 10, email: null, customerId: null, remoteId: null, enteredAt: 5 },
    ];
    const outcomes = await f.client.apply(target(listId), ops);
    expect(outcomes).toEqual([
      { result: 'ok', remoteId: one!.id }, { result: 'ok', remoteId: profileByEmail(f.fake, 'shopper2@shop.test')?.id },
      { result: 'ok', remoteId: null }, { result: 'ok', remoteId: null },
    ]);
    expect(listEmails(f.fake, listId)).toEqual(['shopper3@shop.test']);
    expect(f.fake.state.profiles.size).toBe(3);
    expect(one!.emailMarketing.consent).toBe('SUBSCRIBED');
    const exited = f.fake.state.events.filter((e) => e.metric === 'Exited Segment');
    expect(exited.map((e) => [f.fake.state.profiles.get(e.profileId)?.email, e.uniqueId])).toEqual([
      ['shopper1@shop.test', `ss:7:1:${member(1).enteredAt}:exit`], ['shopper2@shop.test', `ss:7:2:${member(2).enteredAt}:exit`],
    ]);

    // Replaying the removal sends no second Exited event.
    await f.client.apply(target(listId), ops);
    expect(f.fake.state.events.filter((e) => e.metric === 'Exited Segment')).toHaveLength(2);
  });

  it('applies adds and removes in one call, answering in the order of the operations', async () => {
    const listId = await f.client.ensureTarget(target());
    await f.client.apply(target(listId), adds([1]));
    const id = profileByEmail(f.fake, 'shopper1@shop.test')?.id ?? null;
    const outcomes = await f.client.apply(target(listId), [
      { op: 'remove', profileId: 1, email: 'shopper1@shop.test', customerId: null, remoteId: id, enteredAt: member(1).enteredAt },
      { op: 'add', member: member(2) },
    ]);
    expect(outcomes).toEqual([{ result: 'ok', remoteId: id }, { result: 'ok', remoteId: null }]);
    expect(listEmails(f.fake, listId)).toEqual(['shopper2@shop.test']);
  });
});
