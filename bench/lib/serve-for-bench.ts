import { createServer } from 'node:http';
import type { App } from '../../server/app.js';
import type { Db } from '../../server/db/open-database.js';

/**
 * Serves an app from a bench server process: listens on a free loopback port, tells the parent which
 * one on stdout (see start-server-process.ts), and closes cleanly on SIGTERM.
 */
export function serveForBench(app: App, db: Db): void {
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
}
