import { createServer } from 'node:http';
import { createApp } from './app.js';
import { loadConfig, ConfigError } from './config.js';
import { systemClock } from './clock.js';
import { openDatabase } from './db/open-database.js';
import { createLogger } from './logger.js';
import { prepareDemoShop } from './demo/prepare-demo-shop.js';
import { demoWebhookInboxUrl } from './demo/webhook-inbox/demo-webhook-inbox-url.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const db = openDatabase(config.databasePath);
  const app = createApp({ db, clock: systemClock, config, logger });
  app.shopifyAuth.resumeImports();
  if (config.demoMode) {
    await prepareDemoShop({ db, config, clock: systemClock, logger, writer: app.ingestion.writer, webhookInboxUrl: demoWebhookInboxUrl(config) });
  }

  const server = createServer(app.listener).listen(config.port, config.host, () => {
    logger.info('listening', { url: `http://localhost:${config.port}`, demoMode: config.demoMode });
    if (config.demoMode) {
      logger.info('demo mode', { admin: `http://localhost:${config.port}/`, storefront: `http://localhost:${config.port}/demo/store` });
    }
  });
  const shutdown = () => {
    server.close(async () => {
      await app.close();
      db.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main();
