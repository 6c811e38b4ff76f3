import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prepareDemoShop } from '../../server/demo/prepare-demo-shop.js';
import { silentLogger } from '../../server/logger.js';
import { startTestApp, type TestApp } from './start-test-app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Builds the admin into web/dist once per run when it is missing (the e2e tests serve the real build). */
export function ensureAdminBuilt(): void {
  if (existsSync(`${ROOT}/web/dist/index.html`)) return;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const env = { ...process.env, NODE_ENV: 'production' };
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, env, stdio: 'inherit' });
}

/**
 * A real app on a seeded SQLite file, as `npm start` serves it: the demo shop with its deterministic
 * history (`shoppers` shoppers over `days` days), the 13 template segments, traits and memberships
 * computed by the real engine (drained before returning, then left polling like production).
 */
export async function startSeededAdmin(options: { shoppers?: number; days?: number; env?: Record<string, string> } = {}): Promise<TestApp> {
  ensureAdminBuilt();
  const t = await startTestApp({
    clock: { now: () => Date.now() },
    runSegmentEngine: false,
    env: { DEMO_SHOPPERS: String(options.shoppers ?? 400), DEMO_DAYS: String(options.days ?? 60), ...options.env },
  });
  await prepareDemoShop({ db: t.db, config: t.config, clock: t.clock, logger: silentLogger, writer: t.app.ingestion.writer });
  t.app.segments.drain();
  t.app.segments.start();
  return t;
}
