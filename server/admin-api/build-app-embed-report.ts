import type { StoredAppEmbedStatus } from '../db/app-embed-queries.js';
import { appEmbedActivateUrl } from '../shopify/read-app-embed-status.js';

/** GET /api/app-embed: whether the storefront tracker's app embed is on, and the link that turns it on. */
export interface AppEmbedReport {
  shop: string;
  /** null: not checked yet (the check runs after the install). */
  active: boolean | null;
  themeName: string | null;
  checkedAt: string | null;
  activateUrl: string;
}

/** The simulated storefront always loads the tracker, so the demo shop reports it on. */
export const DEMO_THEME_NAME = 'Demo theme';

/** Pure: the report from the stored status (or the demo's fixed one). */
export function buildAppEmbedReport(input: { shop: string; apiKey: string; demoMode: boolean; now: number; stored: StoredAppEmbedStatus | undefined }): AppEmbedReport {
  const activateUrl = appEmbedActivateUrl(input.shop, input.apiKey);
  const stored = input.demoMode ? { active: true, themeName: DEMO_THEME_NAME, checkedAt: input.now } : input.stored;
  if (!stored) return { shop: input.shop, active: null, themeName: null, checkedAt: null, activateUrl };
  return { shop: input.shop, active: stored.active, themeName: stored.themeName, checkedAt: new Date(stored.checkedAt).toISOString(), activateUrl };
}
