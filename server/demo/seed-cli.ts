import { loadConfig, ConfigError } from '../config.js';
import { systemClock } from '../clock.js';
import { openDatabase } from '../db/open-database.js';
import { createShopQueries } from '../db/shops.js';
import { createDemoSeedQueries } from '../db/demo-seed-queries.js';
import { createIdentityResolver } from '../identity/create-identity-resolver.js';
import { createIngestion } from '../ingest/create-ingestion.js';
import { createLogger } from '../logger.js';
import { parseSeedArgs, SeedArgsError } from './parse-seed-args.js';
import { seedDemoShop } from './seed-demo-shop.js';

/**
 * `npm run seed -- --shoppers N --days D [--seed S] [--db PATH]`: writes a demo history for the demo shop
 * through the real ingestion writer. Re-running with the same seed adds nothing (same event ids);
 * another seed adds a second, independent crowd (shopperN@example.com emails are reused, so the
 * profiles of the same N in both crowds are stitched together).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const args = parseSeedArgs(process.argv.slice(2), config);
  const db = openDatabase(args.databasePath);
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const shops = createShopQueries(db);
  const ingestion = createIngestion({ db, clock: systemClock, config, logger, shops, identity: createIdentityResolver(db) });
  const shop = shops.ensure(config.demo.shop, systemClock.now(), config.demo.ingestKey);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`Seeding ${args.shoppers.toLocaleString('en')} shoppers over ${args.days} days (seed ${args.seed}) into ${args.databasePath}, shop ${shop.domain}`);
  let lastReport = performance.now();
  try {
    const result = await seedDemoShop(ingestion.writer, shop.id, { seed: args.seed, shoppers: args.shoppers, days: args.days, now: systemClock.now() }, (p) => {
      if (performance.now() - lastReport < 2000) return;
      lastReport = performance.now();
      out(`  ${p.events.toLocaleString('en')} events written...`);
    });
    const perSecond = Math.round(result.events / Math.max(result.elapsedMs / 1000, 0.001));
    out(`Done in ${(result.elapsedMs / 1000).toFixed(1)} s (${(result.writeMs / 1000).toFixed(1)} s writing): ${result.events.toLocaleString('en')} events generated, ${result.accepted.toLocaleString('en')} stored, ${result.duplicates.toLocaleString('en')} duplicates skipped (${perSecond.toLocaleString('en')} events/s).`);
    out(`The shop now holds ${createDemoSeedQueries(db).countEvents(shop.id).toLocaleString('en')} events.`);
  } finally {
    await ingestion.close();
    db.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof SeedArgsError || err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Seeding failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
