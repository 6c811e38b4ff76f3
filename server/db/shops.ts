import { randomBytes } from 'node:crypto';
import type { Db } from './open-database.js';

export interface ShopRow {
  id: number;
  domain: string;
  ingestKey: string;
  createdAt: number;
  uninstalledAt: number | null;
}

const COLUMNS = 'id, domain, ingest_key AS ingestKey, created_at AS createdAt, uninstalled_at AS uninstalledAt';

export interface ShopQueries {
  byDomain(domain: string): ShopRow | undefined;
  byId(id: number): ShopRow | undefined;
  /** Creates the shop if it does not exist (keeping its key if it does) and returns it. */
  ensure(domain: string, now: number, ingestKey?: string): ShopRow;
  /** Records an uninstall (app/uninstalled); an already uninstalled shop keeps its first time. Data stays. */
  markUninstalled(id: number, at: number): void;
}

export function createShopQueries(db: Db): ShopQueries {
  const byDomain = db.prepare(`SELECT ${COLUMNS} FROM shops WHERE domain = ?`);
  const byId = db.prepare(`SELECT ${COLUMNS} FROM shops WHERE id = ?`);
  const insert = db.prepare('INSERT INTO shops (domain, ingest_key, created_at) VALUES (?, ?, ?) ON CONFLICT(domain) DO NOTHING');
  const uninstall = db.prepare('UPDATE shops SET uninstalled_at = ? WHERE id = ? AND uninstalled_at IS NULL');
  return {
    byDomain: (domain) => byDomain.get(domain) as ShopRow | undefined,
    byId: (id) => byId.get(id) as ShopRow | undefined,
    ensure(domain, now, ingestKey) {
      insert.run(domain, ingestKey ?? randomBytes(18).toString('base64url'), now);
      return byDomain.get(domain) as ShopRow;
    },
    markUninstalled: (id, at) => { uninstall.run(at, id); },
  };
}
