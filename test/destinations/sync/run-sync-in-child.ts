/**
 * A second process for crash-kill.test.ts: opens the same database file and runs the queued sync of one
 * destination with the real webhook client, until the parent kills it (SIGKILL, no cleanup at all).
 * argv: <database path> <clock ms>.
 */
import { fixedClock } from '../../../server/clock.js';
import { loadConfig } from '../../../server/config.js';
import { openDatabase } from '../../../server/db/open-database.js';
import { createFetchHttpClient } from '../../../server/destinations/http/http-client.js';
import { createDestinationSync } from '../../../server/destinations/sync/create-destination-sync.js';
import { silentLogger } from '../../../server/logger.js';

const [path, now] = process.argv.slice(2);
const db = openDatabase(path!);
const clock = fixedClock(Number(now));
const sync = createDestinationSync({
  db, clock, config: loadConfig({ DATABASE_PATH: path!, LOG_LEVEL: 'silent' }), logger: silentLogger,
  graphqlFor: () => { throw new Error('no Shopify here'); },
  http: createFetchHttpClient({ timeoutMs: 5_000 }),
  sleep: async (ms) => { clock.advance(ms); },
});
await sync.runDue();
