import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { AppConfig } from '../config.js';
import { DEFAULT_DEMO_SEED } from './generate-demo-history.js';

export interface SeedArgs {
  shoppers: number;
  days: number;
  seed: number;
  databasePath: string;
}

export const SEED_USAGE = 'Usage: npm run seed -- [--shoppers N] [--days D] [--seed S] [--db PATH]';

const ArgsSchema = z.object({
  shoppers: z.coerce.number({ error: '--shoppers must be a whole number' }).int('--shoppers must be a whole number').min(1, '--shoppers must be at least 1').max(10_000_000, '--shoppers must be at most 10,000,000'),
  days: z.coerce.number({ error: '--days must be a whole number' }).int('--days must be a whole number').min(1, '--days must be at least 1').max(3650, '--days must be at most 3650'),
  seed: z.coerce.number({ error: '--seed must be a whole number' }).int('--seed must be a whole number').min(0, '--seed must be 0 or more').max(0xffffffff, '--seed must be below 2^32'),
  databasePath: z.string().trim().min(1, '--db must not be empty').max(4096, '--db is too long'),
});

export class SeedArgsError extends Error {}

/** Command-line options of `npm run seed`; defaults come from the configuration (DEMO_SHOPPERS, DEMO_DAYS, DATABASE_PATH). */
export function parseSeedArgs(argv: readonly string[], config: Pick<AppConfig, 'databasePath' | 'demo'>): SeedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { shoppers: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, db: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new SeedArgsError(`${err instanceof Error ? err.message : String(err)}\n${SEED_USAGE}`);
  }
  // An empty string would coerce to 0; treat it as a bad number, not as a default.
  const numeric = (v: string | undefined, fallback: number) => (v === undefined ? fallback : v.trim() === '' ? Number.NaN : v);
  const parsed = ArgsSchema.safeParse({
    shoppers: numeric(values.shoppers, config.demo.shoppers),
    days: numeric(values.days, config.demo.days),
    seed: numeric(values.seed, DEFAULT_DEMO_SEED),
    databasePath: values.db ?? config.databasePath,
  });
  if (!parsed.success) throw new SeedArgsError(`${parsed.error.issues.map((i) => i.message).join('; ')}\n${SEED_USAGE}`);
  return parsed.data;
}
