import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/clock.js';
import { createSegmentMembershipQueries } from '../../../server/db/segment-membership-queries.js';
import { createFetchHttpClient } from '../../../server/destinations/http/http-client.js';
import { createDestinationSync, type DestinationSync } from '../../../server/destinations/sync/create-destination-sync.js';
import { silentLogger } from '../../../server/logger.js';
import type { SyncRunView } from '../../../server/admin-api/admin-api-types.js';
import { adminApiClient } from '../../admin-api/admin-api-client.js';
import { startTestApp, type TestApp } from '../../helpers/start-test-app.js';
import type { ContractFixture, ContractHarness } from './contract-harness.js';

/**
 * The ONE contract suite every destination passes (style.md §4): the real app pointed at the
 * destination's fake, the destination created and linked through the admin API, runs queued through the
 * API and executed by the sync engine, and the remote's state compared with the segment's eligible
 * members: first sync, incremental adds/removes, property changes, a refused member, faults, replays and
 * wrong credentials. A harness file not written yet is skipped with the reason.
 *
 * Runs are executed by a DestinationSync on the app's database whose sleeps move the test clock (a
 * Retry-After or a backoff passes at once, with a few real milliseconds for the fake): the app's own
 * instance is the same code with real sleeps.
 */
const HARNESS_FILES = ['klaviyo', 'mailchimp', 'shopify-tags', 'webhook'] as const;
const here = dirname(fileURLToPath(import.meta.url));
/** Mailchimp carries the segment's tag only and Shopify tags are tags: their harnesses map members to `{}`. */
const CARRIES_PROPERTIES = new Set(['klaviyo', 'webhook']);

const isHarness = (v: unknown): v is ContractHarness =>
  typeof v === 'object' && v !== null && typeof (v as ContractHarness).start === 'function' && typeof (v as ContractHarness).kind === 'string';

const harnesses = await Promise.all(HARNESS_FILES.map(async (name) => {
  const file = join(here, `${name}-harness.ts`);
  if (!existsSync(file)) return { name, harness: null };
  const mod = await import(pathToFileURL(file).href) as Record<string, unknown>;
  return { name, harness: Object.values(mod).find(isHarness) ?? null };
}));

interface Member {
  profileId: number;
  email: string;
  customerId: string;
  consent: boolean;
}

for (const { name, harness } of harnesses) {
  if (!harness) {
    describe.skip(`destination contract: ${name} (test/destinations/contract/${name}-harness.ts not written yet)`, () => {
      it('skipped', () => {});
    });
    continue;
  }

  describe(`destination contract: ${name}`, () => {
    let fixture: ContractFixture;
    let t: TestApp;
    let sync: DestinationSync;
    let clock: ReturnType<typeof fixedClock>;
    let destinationId: number;
    let segmentId: number;
    let members: Member[];
    let seq = 0;
    const api = adminApiClient(() => t);

    /** The remote's key for a member: lower-cased email, or the Shopify customer id. */
    const keyOf = (m: Member) => (harness.identity === 'email' ? m.email.toLowerCase() : m.customerId);
    /** Who the destination may receive: marketing destinations only members with consent. */
    const eligible = () => members.filter((m) => harness.kind === 'shopify_tags' || m.consent).map(keyOf).sort();

    function addMember(consent = true): Member {
      seq++;
      const now = clock.now();
      const customerId = String(9_100_000 + seq);
      const email = `Member${seq}@Example.com`;
      const profileId = Number(t.db.prepare('INSERT INTO profiles (shop_id, customer_id, first_seen_at, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(t.shop.id, customerId, now, now, now).lastInsertRowid);
      t.db.prepare("INSERT INTO identifiers (shop_id, kind, value, profile_id, first_seen_at) VALUES (?, 'email', ?, ?, ?)").run(t.shop.id, email, profileId, now);
      t.db.prepare("INSERT INTO identifiers (shop_id, kind, value, profile_id, first_seen_at) VALUES (?, 'customer', ?, ?, ?)").run(t.shop.id, customerId, profileId, now);
      t.db.prepare(`INSERT INTO customers (shop_id, customer_id, profile_id, email_consent_state, email_consent_updated_at, received_at)
        VALUES (?, ?, ?, ?, ?, ?)`).run(t.shop.id, customerId, profileId, consent ? 'subscribed' : 'not_subscribed', now, now);
      t.db.prepare('INSERT INTO profile_traits (profile_id, shop_id, customer_id, number_of_orders, amount_spent, computed_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(profileId, t.shop.id, customerId, 1, 42.5, now);
      const member = { profileId, email, customerId, consent };
      members.push(member);
      enter([member]);
      return member;
    }
    const day = () => new Date(clock.now()).toISOString().slice(0, 10);
    const enter = (ms: Member[]) => t.db.transaction(() => createSegmentMembershipQueries(t.db).apply(segmentId,
      ms.map((m) => ({ segmentId, profileId: m.profileId, change: 'enter' as const, at: clock.now(), reason: 'live' as const })), day()))();
    function leave(m: Member): void {
      members = members.filter((x) => x !== m);
      t.db.transaction(() => createSegmentMembershipQueries(t.db).apply(segmentId,
        [{ segmentId, profileId: m.profileId, change: 'exit', at: clock.now(), reason: 'live' }], day()))();
    }

    async function remoteRef(): Promise<string> {
      const d = await api('GET', `/destinations/${destinationId}`);
      const ref = (d.body as { links: { remoteRef: string | null }[] }).links[0]?.remoteRef;
      expect(ref).toBeTruthy();
      return ref!;
    }
    const remoteKeys = async () => [...(await fixture.members(await remoteRef())).keys()].sort();

    /** Queues a run through the API and runs it to the end, letting rows that wait for a retry come due. */
    async function syncNow(): Promise<SyncRunView> {
      const queued = await api('POST', `/destinations/${destinationId}/sync`);
      expect(queued.status).toBe(202);
      await sync.drain();
      for (let i = 0; i < 20; i++) {
        const next = t.db.prepare("SELECT min(next_attempt_at) FROM sync_outbox WHERE status = 'pending' AND destination_id = ?").pluck().get(destinationId) as number | null;
        const paused = t.db.prepare('SELECT status FROM destinations WHERE id = ?').pluck().get(destinationId) === 'paused';
        if (next === null || paused) break;
        clock.set(Math.max(clock.now(), next));
        await sync.drain();
      }
      const run = await api('GET', `/sync-runs/${(queued.body as SyncRunView).id}`);
      expect(run.status).toBe(200);
      return run.body as SyncRunView;
    }

    beforeEach(async () => {
      fixture = await harness.start();
      clock = fixedClock(Date.now());
      t = await startTestApp({ env: fixture.env, clock });
      await fixture.prepareApp?.({ db: t.db, shopDomain: t.shop.domain });
      sync = createDestinationSync({
        db: t.db, clock, config: t.config, logger: silentLogger,
        graphqlFor: (shop) => t.app.shopifyAuth.graphqlFor(shop),
        http: createFetchHttpClient({ timeoutMs: 1_000 }),
        sleep: async (ms) => {
          clock.advance(ms);
          await new Promise((r) => setTimeout(r, Math.min(ms, 20)));
        },
      });
      const segment = await api('POST', '/segments', {
        name: `Contract ${name}`, query: 'number_of_orders >= 1000000', kpi: 'conversion_rate', activation: { channel: 'email', plan: 'test' }, refreshPolicy: 'daily',
      });
      expect(segment.status).toBe(201);
      segmentId = (segment.body as { segment: { id: number } }).segment.id;
      members = [];
      seq = 0;
      for (let i = 0; i < 4; i++) addMember();
      addMember(false);
      const created = await api('POST', '/destinations', fixture.destination);
      expect(created.status).toBe(201);
      destinationId = (created.body as { id: number }).id;
      expect((await api('POST', `/destinations/${destinationId}/links`, { segmentId })).status).toBe(201);
    });
    afterEach(async () => {
      await sync.stop();
      await t.stop();
      await fixture.close();
    });

    it('first sync: the remote holds exactly the eligible members', async () => {
      expect(await api('POST', `/destinations/${destinationId}/test`)).toEqual({ status: 200, body: { ok: true } });
      const run = await syncNow();
      expect(run).toMatchObject({ status: 'succeeded', added: eligible().length, failed: 0 });
      expect(await remoteKeys()).toEqual(eligible());
      if (harness.kind !== 'shopify_tags') expect(run.excluded).toEqual({ no_marketing_consent: 1 });
      const events = fixture.flowEvents();
      if (events) {
        expect(events.filter((e) => e.name === 'Entered Segment').map((e) => e.key).sort()).toEqual(eligible());
        expect(new Set(events.map((e) => e.uniqueId)).size).toBe(events.length);
      }
    });

    it('incremental: adds, removes and property changes only', async () => {
      await syncNow();
      const requests = fixture.requestCount();
      const gone = members[0]!;
      leave(gone);
      addMember();
      const changed = members[1]!;
      t.db.prepare('UPDATE profile_traits SET number_of_orders = 7 WHERE profile_id = ?').run(changed.profileId);
      const run = await syncNow();
      expect(run).toMatchObject({ status: 'succeeded', added: 1, removed: 1, updated: 1, failed: 0 });
      expect(await remoteKeys()).toEqual(eligible());
      expect(fixture.requestCount()).toBeGreaterThan(requests);
      if (CARRIES_PROPERTIES.has(harness.kind)) {
        const remote = await fixture.members(await remoteRef());
        expect(remote.get(keyOf(changed))).toMatchObject({ ss_orders: 7 });
      }
      const events = fixture.flowEvents();
      if (events) expect(events.filter((e) => e.name === 'Exited Segment').map((e) => e.key)).toEqual([keyOf(gone)]);
      // Nothing changed since: the next run sends nothing.
      const before = fixture.requestCount();
      expect(await syncNow()).toMatchObject({ status: 'succeeded', total: 0 });
      expect(fixture.requestCount() - before).toBeLessThanOrEqual(2); // at most finding the list/tag again
    });

    it('a member the remote refuses goes dead and is not sent again', async () => {
      const refused = members[2]!;
      fixture.refuse(keyOf(refused));
      const run = await syncNow();
      expect(run).toMatchObject({ status: 'partial', failed: 1, added: eligible().length - 1 });
      expect(await remoteKeys()).toEqual(eligible().filter((k) => k !== keyOf(refused)));
      expect(t.db.prepare("SELECT profile_id FROM sync_outbox WHERE status = 'dead'").pluck().all()).toEqual([refused.profileId]);
      addMember();
      const next = await syncNow();
      expect(next).toMatchObject({ added: 1, failed: 0 });
      if (harness.identity === 'email') expect(next.excluded).toMatchObject({ suppressed: 1 });
      expect(t.db.prepare("SELECT count(*) FROM sync_outbox WHERE status = 'dead'").pluck().get()).toBe(1);
    });

    it.each(['throttle', 'server_error', 'timeout'] as const)('%s: the sync still converges', async (fault) => {
      fixture.inject(fault, 2);
      const run = await syncNow();
      expect(run.status === 'succeeded' || run.status === 'partial').toBe(true);
      expect(await remoteKeys()).toEqual(eligible());
      expect(t.db.prepare("SELECT count(*) FROM sync_outbox WHERE status <> 'done'").pluck().get()).toBe(0);
    }, 60_000);

    it('a replayed run (state lost after the remote applied it) duplicates nothing', async () => {
      await syncNow();
      // What a crash between the remote's answer and our commit leaves: the remote has them, we do not know it.
      t.db.prepare('DELETE FROM destination_members').run();
      const run = await syncNow();
      expect(run).toMatchObject({ status: 'succeeded', added: eligible().length });
      expect(await remoteKeys()).toEqual(eligible());
      const events = fixture.flowEvents();
      if (events) {
        const entered = events.filter((e) => e.name === 'Entered Segment');
        expect(entered.map((e) => e.key).sort()).toEqual(eligible());
        expect(new Set(entered.map((e) => e.uniqueId)).size).toBe(entered.length);
      }
    });

    it('wrong credentials: the destination is paused with the reason', async (ctx) => {
      // Shopify tags use the shop's own offline token: there is no destination credential to get wrong.
      if (Object.keys(fixture.wrongCredentials).length === 0) ctx.skip();
      const patched = await api('PATCH', `/destinations/${destinationId}`, { credentials: fixture.wrongCredentials });
      expect(patched.status).toBe(200);
      const tested = await api('POST', `/destinations/${destinationId}/test`);
      expect(tested.body).toMatchObject({ ok: false });
      expect([401, 403]).toContain((tested.body as { status: number }).status);
      const run = await syncNow();
      expect(run).toMatchObject({ status: 'paused', added: 0, error: { code: 'credentials_rejected' } });
      const d = await api('GET', `/destinations/${destinationId}`);
      expect(d.body).toMatchObject({ status: 'paused', paused: { reason: 'credentials_rejected' } });
      expect((await api('POST', `/destinations/${destinationId}/sync`)).status).toBe(409);
    });
  });
}
