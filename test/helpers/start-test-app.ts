import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp, type App } from '../../server/app.js';
import { loadConfig, type AppConfig } from '../../server/config.js';
import { fixedClock, type Clock } from '../../server/clock.js';
import { openDatabase, type Db } from '../../server/db/open-database.js';
import { createShopQueries, type ShopRow } from '../../server/db/shops.js';
import { silentLogger } from '../../server/logger.js';

export interface TestApp {
  baseUrl: string;
  db: Db;
  app: App;
  config: AppConfig;
  clock: Clock;
  /** The demo shop, created for every test app. */
  shop: ShopRow;
  dir: string;
  stop(): Promise<void>;
}

/**
 * A real app on a real SQLite file in a temp folder, listening on 127.0.0.1 on a free port.
 * `env` overrides configuration exactly as environment variables would.
 */
export async function startTestApp(options: { env?: Record<string, string>; clock?: Clock; runSegmentEngine?: boolean; runRetention?: boolean; runDestinationSync?: boolean } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'shopper-segments-'));
  const config = loadConfig({ DATABASE_PATH: join(dir, 'app.db'), LOG_LEVEL: 'silent', INGEST_FLUSH_MS: '1', ...options.env });
  const clock = options.clock ?? fixedClock(Date.now());
  const db = openDatabase(config.databasePath);
  const shop = createShopQueries(db).ensure(config.demo.shop, clock.now(), config.demo.ingestKey);
  // The segment engine adds derived events and traits in the background: off unless a test asks (or drives it by hand).
  const app = createApp({ db, clock, config, logger: silentLogger, runSegmentEngine: options.runSegmentEngine ?? false, runRetention: options.runRetention ?? false, runDestinationSync: options.runDestinationSync ?? false });
  const server: Server = await new Promise((resolve) => {
    const s = createServer(app.listener).listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    app,
    config,
    clock,
    shop,
    dir,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
