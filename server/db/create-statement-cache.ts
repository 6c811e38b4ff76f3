import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database.js';

/**
 * Prepared statements for SQL built at run time (compiled segment queries): the same few texts come back
 * on every engine turn and request, so each is prepared once, and at most `max` are kept (oldest dropped).
 */
export function createStatementCache(db: Db, max: number): (sql: string) => Statement<unknown[]> {
  const statements = new Map<string, Statement<unknown[]>>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= max) statements.delete(statements.keys().next().value!);
      statements.set(sql, (statement = db.prepare<unknown[]>(sql)));
    }
    return statement;
  };
}
