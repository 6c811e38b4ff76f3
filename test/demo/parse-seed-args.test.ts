import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { DEFAULT_DEMO_SEED } from '../../server/demo/generate-demo-history.js';
import { parseSeedArgs, SeedArgsError } from '../../server/demo/parse-seed-args.js';

const config = loadConfig({ DEMO_SHOPPERS: '1234', DATABASE_PATH: '/tmp/x/app.db' });

describe('parseSeedArgs', () => {
  it('defaults to the configuration (DEMO_SHOPPERS, DEMO_DAYS, DATABASE_PATH)', () => {
    expect(parseSeedArgs([], config)).toEqual({ shoppers: 1234, days: 90, seed: DEFAULT_DEMO_SEED, databasePath: '/tmp/x/app.db' });
  });

  it('takes --shoppers, --days, --seed and --db, in either --flag value or --flag=value form', () => {
    expect(parseSeedArgs(['--shoppers', '100000', '--days=30', '--seed', '9', '--db', 'bench.db'], config))
      .toEqual({ shoppers: 100_000, days: 30, seed: 9, databasePath: 'bench.db' });
  });

  it.each([
    [['--shoppers', 'many'], /--shoppers must be a whole number/],
    [['--shoppers', '0'], /--shoppers must be at least 1/],
    [['--shoppers', '2.5'], /--shoppers must be a whole number/],
    [['--shoppers='], /--shoppers must be a whole number/],
    [['--days', '4000'], /--days must be at most 3650/],
    [['--seed=-1'], /--seed must be 0 or more/],
    [['--seed', '-1'], /argument is ambiguous/],
    [['--db', ''], /--db must not be empty/],
    [['--users', '5'], /Unknown option '--users'/],
    [['5000'], /Unexpected argument '5000'/],
    [['--shoppers'], /--shoppers/],
  ])('rejects %j with a clear message and the usage line', (argv, message) => {
    let error: unknown;
    try {
      parseSeedArgs(argv, config);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SeedArgsError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('Usage: npm run seed --');
  });

  it('names every bad option at once', () => {
    expect(() => parseSeedArgs(['--shoppers=-3', '--days', 'x'], config)).toThrow(/--shoppers must be at least 1; --days must be a whole number/);
  });
});
