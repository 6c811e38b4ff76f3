import type { Db } from './open-database.js';

/** The app embed state as last read from the shop's live theme (migration 006). */
export interface StoredAppEmbedStatus {
  active: boolean;
  /** The live theme's name; null when the shop has no live theme. */
  themeName: string | null;
  checkedAt: number;
}

export interface AppEmbedQueries {
  save(shopId: number, status: { active: boolean; themeName: string | null }, at: number): void;
  /** undefined until the first check after an install. */
  of(shopId: number): StoredAppEmbedStatus | undefined;
}

export function createAppEmbedQueries(db: Db): AppEmbedQueries {
  const save = db.prepare('UPDATE shops SET app_embed_active = ?, app_embed_theme = ?, app_embed_checked_at = ? WHERE id = ?');
  const read = db.prepare(`SELECT app_embed_active AS active, app_embed_theme AS themeName, app_embed_checked_at AS checkedAt
    FROM shops WHERE id = ? AND app_embed_checked_at IS NOT NULL`);
  return {
    save: (shopId, status, at) => { save.run(status.active ? 1 : 0, status.themeName, at, shopId); },
    of(shopId) {
      const row = read.get(shopId) as { active: number; themeName: string | null; checkedAt: number } | undefined;
      return row && { active: row.active === 1, themeName: row.themeName, checkedAt: row.checkedAt };
    },
  };
}
