import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { runMigrations } from './run-migrations.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the SQLite file with the settings every part of the app relies on:
 * WAL so readers never block the single writer, foreign keys on, and a busy timeout so a second
 * process (seed CLI, bench) waits instead of failing. Runs pending migrations before returning.
 */
export function openDatabase(path: string, options: { migrate?: boolean } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode is durable across application crashes (only an OS crash or power loss can
  // roll back the last commits), which is the guarantee a 2xx from /collect promises.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  if (options.migrate !== false) runMigrations(db);
  return db;
}
