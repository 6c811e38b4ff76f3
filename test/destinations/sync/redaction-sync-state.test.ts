import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleCustomerRedact } from '../../../server/compliance/handle-customer-redact.js';
import { loadConfig } from '../../../server/config.js';
import { createTokenCipher } from '../../../server/auth/create-token-cipher.js';
import { createDestinationQueries } from '../../../server/db/destination-queries.js';
import { createFetchHttpClient } from '../../../server/destinations/http/http-client.js';
import { createDestinationSync } from '../../../server/destinations/sync/create-destination-sync.js';
import { silentLogger } from '../../../server/logger.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver/start-webhook-receiver.js';
import { openHandlerTestDb, type HandlerTestDb } from '../../webhooks/handlers/handler-test-kit.js';
import { addShopper, complianceSample, computeSegments, JOHN, MARY } from '../../compliance/compliance-world.js';

const SECRET = 'whsec_redaction_test_secret_0123';

/** customers/redact also forgets what destinations hold for the customer, and every outbox row naming them. */
describe('redaction and sync state', () => {
  let t: HandlerTestDb;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    t = openHandlerTestDb();
    addShopper(t, JOHN);
    addShopper(t, MARY);
    computeSegments(t);
    receiver = await startWebhookReceiver({ secret: SECRET, now: () => t.clock.now() });
  });
  afterEach(async () => {
    t.close();
    await receiver.close();
  });

  it('deletes the customer\'s destination_members and sync_outbox rows, keeps everyone else\'s', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const destinations = createDestinationQueries(t.db);
    const destinationId = destinations.insert(t.shop.id, {
      kind: 'webhook', name: 'Hook', settings: JSON.stringify({ url: receiver.url }),
      credentialsSealed: createTokenCipher(config.encryptionKey).encrypt(JSON.stringify({ secret: SECRET })),
    }, t.clock.now());
    // A segment both shoppers are in (the engine computed it from their traffic).
    const segmentId = t.db.prepare('SELECT segment_id FROM segment_members GROUP BY segment_id HAVING count(*) = 2 ORDER BY segment_id LIMIT 1').pluck().get() as number;
    destinations.insertLink(destinationId, segmentId, t.clock.now());
    const sync = createDestinationSync({
      db: t.db, clock: t.clock, config, logger: silentLogger, http: createFetchHttpClient({ timeoutMs: 2_000 }),
      graphqlFor: () => { throw new Error('no Shopify here'); }, sleep: async (ms) => { t.clock.advance(ms); },
    });
    const run = sync.requestRun(t.shop.id, destinationId, 'manual');
    await sync.drain();
    expect(sync.getRun(t.shop.id, run.id)).toMatchObject({ status: 'succeeded', added: 2 });
    expect([...receiver.members(segmentId).keys()].sort()).toEqual([JOHN.email, MARY.email]);

    const profileOf = (email: string) => t.db.prepare("SELECT profile_id FROM identifiers WHERE kind = 'email' AND value = ?").pluck().get(email) as number;
    const john = profileOf(JOHN.email);
    const mary = profileOf(MARY.email);
    // A dead operation about John as well: any outbox row naming him must go.
    t.db.prepare("UPDATE sync_outbox SET status = 'dead', last_error = 'x' WHERE profile_id = ?").run(john);
    const rowsOf = (profileId: number) => t.count('SELECT (SELECT count(*) FROM destination_members WHERE profile_id = ?) + (SELECT count(*) FROM sync_outbox WHERE profile_id = ?)', profileId, profileId);
    expect(rowsOf(john)).toBe(2);
    expect(rowsOf(mary)).toBe(2);

    t.deliver(handleCustomerRedact, 'customers/redact', complianceSample('customers-redact', t.shop), { eventId: 'redact-1' });

    expect(rowsOf(john)).toBe(0);
    expect(rowsOf(mary)).toBe(2);
    const counts = JSON.parse(t.db.prepare("SELECT counts FROM compliance_requests WHERE kind = 'customers/redact'").pluck().get() as string) as Record<string, number>;
    expect(counts).toMatchObject({ destination_members: 1, sync_outbox: 1 });
    await sync.stop();
  });
});
