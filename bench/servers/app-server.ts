import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { systemClock } from '../../server/clock.js';
import { openDatabase } from '../../server/db/open-database.js';
import { createShopQueries } from '../../server/db/shops.js';
import { silentLogger } from '../../server/logger.js';
import { serveForBench } from '../lib/serve-for-bench.js';

/** The real app on a fresh SQLite file (DATABASE_PATH), in its own process like in production. */
const config = loadConfig(process.env);
const db = openDatabase(config.databasePath);
createShopQueries(db).ensure(config.demo.shop, Date.now(), config.demo.ingestKey);
const app = createApp({ db, clock: systemClock, config, logger: silentLogger });
serveForBench(app, db);
