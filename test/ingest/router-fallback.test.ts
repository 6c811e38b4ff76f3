import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/open-database.js';
import { createShopQueries } from '../../server/db/shops.js';
import { createIdentityResolver } from '../../server/identity/create-identity-resolver.js';
import { createIngestion } from '../../server/ingest/create-ingestion.js';
import { silentLogger } from '../../server/logger.js';
import { IPHONE_SAFARI } from './ingest-test-kit.js';

// app.ts answers the collect routes before Express; the router must behave the same without that shortcut.
describe('ingestion router mounted on a plain Express app', () => {
  it('serves /collect with CORS and stores the event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'router-fallback-'));
    const config = loadConfig({ DATABASE_PATH: join(dir, 'app.db'), INGEST_FLUSH_MS: '0' });
    const db = openDatabase(config.databasePath);
    const clock = fixedClock(Date.now());
    const shops = createShopQueries(db);
    const shop = shops.ensure(config.demo.shop, clock.now(), config.demo.ingestKey);
    const ingestion = createIngestion({ db, clock, config, logger: silentLogger, shops, identity: createIdentityResolver(db) });
    const server = express().use(ingestion.router).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/collect`;
      const id = crypto.randomUUID();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': IPHONE_SAFARI },
        body: JSON.stringify({ shop: shop.domain, key: shop.ingestKey, events: [{ id, name: 'Page_Viewed', ts: new Date(clock.now()).toISOString(), visitorId: 'v', sessionId: 's', consent: { analytics: true } }] }),
      });
      expect(res.status).toBe(202);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, ignored: 0, rejected: [] });
      expect(db.prepare('SELECT event_id FROM events').pluck().all()).toEqual([id]);
      const preflight = await fetch(url, { method: 'OPTIONS' });
      expect(preflight.status).toBe(204);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await ingestion.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
