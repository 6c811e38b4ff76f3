import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open-database.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'seed-cli-'));
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

async function seed(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ['server/demo/seed-cli.ts', ...args], {
      cwd: process.cwd(),
      // Demo mode whatever the developer's shell exports.
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', DATABASE_PATH: join(dir, 'default.db') },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run seed (server/demo/seed-cli.ts)', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds the demo shop through the ingestion pipeline, and a re-run with the same seed adds nothing', async () => {
    const db = join(dir, 'bench.db');
    const first = await seed(['--shoppers', '40', '--days', '10', '--db', db]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const stored = Number(/ ([\d,]+) stored/.exec(first.stdout)?.[1]?.replace(/,/g, ''));
    expect(stored).toBeGreaterThan(500);
    expect(first.stdout).toMatch(/Seeding 40 shoppers over 10 days .* shop demo-shop\.myshopify\.com/);
    expect(first.stdout).toMatch(/events\/s\)/);

    const again = await seed(['--shoppers', '40', '--days', '10', '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`0 stored, ${stored.toLocaleString('en')} duplicates skipped`);

    const check = openDatabase(db);
    try {
      expect(check.prepare("SELECT COUNT(*) FROM events WHERE source = 'demo-seed'").pluck().get()).toBe(stored);
      expect(check.prepare('SELECT domain FROM shops').pluck().all()).toEqual(['demo-shop.myshopify.com']);
    } finally {
      check.close();
    }
  });

  it('refuses bad arguments with a clear message before touching any database', async () => {
    const db = join(dir, 'never.db');
    const bad = await seed(['--shoppers', 'lots', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--shoppers must be a whole number/);
    expect(bad.stderr).toMatch(/Usage: npm run seed --/);
    expect(bad.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
  });
});
