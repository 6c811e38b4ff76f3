import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { prepareDemoShop } from '../../server/demo/prepare-demo-shop.js';
import { generateDemoHistory, DEFAULT_DEMO_SEED } from '../../server/demo/generate-demo-history.js';
import { seedDemoShop } from '../../server/demo/seed-demo-shop.js';
import { createLogger } from '../../server/logger.js';

function capturingLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger('info', (line) => lines.push(line)) };
}

const eventCount = (t: TestApp) => t.db.prepare('SELECT COUNT(*) FROM events WHERE shop_id = ?').pluck().get(t.shop.id) as number;

describe('prepareDemoShop', () => {
  let t: TestApp;
  afterEach(async () => { await t.stop(); });

  it('seeds the demo shop through the ingestion writer once, and a second start adds nothing', async () => {
    t = await startTestApp({ env: { DEMO_SHOPPERS: '200', DEMO_DAYS: '30' } });
    const { lines, logger } = capturingLogger();
    const deps = { db: t.db, config: t.config, clock: t.clock, logger, writer: t.app.ingestion.writer };
    await prepareDemoShop(deps);

    const expected = [...generateDemoHistory({ seed: DEFAULT_DEMO_SEED, shoppers: 200, days: 30, now: t.clock.now() })].flat();
    expect(eventCount(t)).toBe(expected.length);
    expect(t.db.prepare('SELECT DISTINCT source FROM events').pluck().all()).toEqual(['demo-seed']);
    const shop = t.db.prepare('SELECT domain, ingest_key AS ingestKey FROM shops WHERE id = ?').get(t.shop.id);
    expect(shop).toEqual({ domain: 'demo-shop.myshopify.com', ingestKey: 'demo-ingest-key' });

    await prepareDemoShop(deps);
    expect(eventCount(t)).toBe(expected.length);

    const messages = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(messages.map((m) => m.msg)).toEqual(['seeding demo shop', 'demo shop seeded', 'demo shop ready']);
    expect(messages[1]).toMatchObject({ shoppers: 200, events: expected.length, accepted: expected.length, duplicates: 0 });
    expect(typeof messages[1]!.elapsedMs).toBe('number');
    expect(lines.join('\n')).not.toMatch(/@|shopper\d/);
  });

  it('stitches a two-device shopper into one profile once they log in on both', async () => {
    t = await startTestApp({ env: { DEMO_SHOPPERS: '200', DEMO_DAYS: '30' } });
    await prepareDemoShop({ db: t.db, config: t.config, clock: t.clock, logger: capturingLogger().logger, writer: t.app.ingestion.writer });
    const visitorsByCustomer = new Map<string, Set<string>>();
    for (const e of [...generateDemoHistory({ seed: DEFAULT_DEMO_SEED, shoppers: 200, days: 30, now: t.clock.now() })].flat()) {
      if (e.name !== 'Customer_Identified') continue;
      const customer = e.identifiers.find((i) => i.kind === 'customer')!.value;
      visitorsByCustomer.set(customer, (visitorsByCustomer.get(customer) ?? new Set()).add(e.visitorId!));
    }
    const twoDevice = [...visitorsByCustomer].filter(([, visitors]) => visitors.size === 2);
    expect(twoDevice.length).toBeGreaterThan(3);
    const profileOf = t.db.prepare("SELECT profile_id FROM identifiers WHERE shop_id = ? AND kind = ? AND value = ?").pluck();
    for (const [customer, visitors] of twoDevice) {
      const profiles = new Set([...visitors].map((v) => profileOf.get(t.shop.id, 'visitor', v)));
      profiles.add(profileOf.get(t.shop.id, 'customer', customer));
      expect(profiles.size, `customer ${customer}`).toBe(1);
      const devices = t.db.prepare('SELECT DISTINCT device FROM events WHERE profile_id = ?').pluck().all([...profiles][0]);
      expect(devices.length).toBe(2);
    }
  });

  it('re-seeding with the same seed stores nothing new (same event ids)', async () => {
    t = await startTestApp();
    const options = { seed: 7, shoppers: 60, days: 20, now: t.clock.now() };
    const first = await seedDemoShop(t.app.ingestion.writer, t.shop.id, options);
    expect(first.accepted).toBe(first.events);
    const again = await seedDemoShop(t.app.ingestion.writer, t.shop.id, { ...options, now: options.now + 3_600_000 });
    expect(again).toMatchObject({ events: first.events, accepted: 0, duplicates: first.events });
    expect(eventCount(t)).toBe(first.events);
  });

  it('leaves a shop alone when DEMO_SHOPPERS=0', async () => {
    t = await startTestApp({ env: { DEMO_SHOPPERS: '0' } });
    const { lines, logger } = capturingLogger();
    await prepareDemoShop({ db: t.db, config: t.config, clock: t.clock, logger, writer: t.app.ingestion.writer });
    expect(eventCount(t)).toBe(0);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'demo seed skipped' });
  });
});
