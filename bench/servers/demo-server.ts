import { createServer } from 'node:http';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { systemClock } from '../../server/clock.js';
import { openDatabase } from '../../server/db/open-database.js';
import { silentLogger } from '../../server/logger.js';
import { prepareDemoShop } from '../../server/demo/prepare-demo-shop.js';

/**
 * The real app in demo mode (simulated storefront and app proxy) on a fresh SQLite file
 * (DATABASE_PATH), seeded as `npm start` seeds it, in its own process. Shopify credentials are
 * dropped so a developer's environment cannot switch the storefront off.
 */
const config = loadConfig({ ...process.env, SHOPIFY_API_KEY: undefined, SHOPIFY_API_SECRET: undefined });
const db = openDatabase(config.databasePath);
const app = createApp({ db, clock: systemClock, config, logger: silentLogger });
await prepareDemoShop({ db, config, clock: systemClock, logger: silentLogger, writer: app.ingestion.writer });
const server = createServer(app.listener).listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(JSON.stringify({ port: address.port }) + '\n');
});
process.on('SIGTERM', () => {
  server.close(async () => {
    await app.close();
    db.close();
    process.exit(0);
  });
  server.closeAllConnections();
});
