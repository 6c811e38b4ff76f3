import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { systemClock } from '../../server/clock.js';
import { openDatabase } from '../../server/db/open-database.js';
import { silentLogger } from '../../server/logger.js';
import { prepareDemoShop } from '../../server/demo/prepare-demo-shop.js';
import { serveForBench } from '../lib/serve-for-bench.js';

/**
 * The real app in demo mode (simulated storefront and app proxy) on a fresh SQLite file
 * (DATABASE_PATH), seeded as `npm start` seeds it, in its own process. Shopify credentials are
 * dropped so a developer's environment cannot switch the storefront off.
 */
const config = loadConfig({ ...process.env, SHOPIFY_API_KEY: undefined, SHOPIFY_API_SECRET: undefined });
const db = openDatabase(config.databasePath);
const app = createApp({ db, clock: systemClock, config, logger: silentLogger });
await prepareDemoShop({ db, config, clock: systemClock, logger: silentLogger, writer: app.ingestion.writer });
serveForBench(app, db);
