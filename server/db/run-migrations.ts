import type Database from 'better-sqlite3';
import { migrations } from './migrations/index.js';

export interface Migration {
  id: number;
  name: string;
  up(db: Database.Database): void;
}

/** Applies every migration not yet recorded, each in its own transaction, in id order. */
export function runMigrations(db: Database.Database, list: readonly Migration[] = migrations): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const done = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as number[]);
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...list].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      m.up(db);
      record.run(m.id, m.name, Date.now());
    })();
    applied.push(m.id);
  }
  return applied;
}
