import type { AdminGraphqlClient } from './create-admin-graphql-client.js';
import { findAppEmbedState } from './find-app-embed-state.js';

/** The block file of extensions/storefront-tracker (blocks/segments-tracker.liquid), without `.liquid`. */
export const APP_EMBED_HANDLE = 'segments-tracker';

export interface AppEmbedStatus {
  active: boolean;
  /** The live theme's name; null when the shop has no live theme. */
  themeName: string | null;
  activateUrl: string;
}

// Needs read_themes. The body is text for settings_data.json; base64 is asked for too in case Shopify
// serves a large file that way.
const MAIN_THEME_SETTINGS = `query MainThemeSettings {
  themes(first: 1, roles: [MAIN]) {
    nodes {
      id
      name
      files(filenames: ["config/settings_data.json"], first: 1) {
        nodes {
          body {
            ... on OnlineStoreThemeFileBodyText { content }
            ... on OnlineStoreThemeFileBodyBase64 { contentBase64 }
          }
        }
      }
    }
  }
}`;

interface MainThemeSettings {
  themes: {
    nodes: {
      id: string;
      name: string;
      files: { nodes: { body: { content?: string; contentBase64?: string } | null }[] } | null;
    }[];
  };
}

/**
 * The theme editor link that opens App embeds with ours switched on, ready to save (shopify.md §2.2).
 * The merchant still has to press Save.
 */
export function appEmbedActivateUrl(shop: string, apiKey: string): string {
  return `https://${shop}/admin/themes/current/editor?context=apps&activateAppId=${apiKey}/${APP_EMBED_HANDLE}`;
}

/** Reads the live theme's settings_data.json and reports whether the storefront tracker embed is on. */
export async function readAppEmbedStatus(client: AdminGraphqlClient, app: { shop: string; apiKey: string }): Promise<AppEmbedStatus> {
  const activateUrl = appEmbedActivateUrl(app.shop, app.apiKey);
  const data = await client.request<MainThemeSettings>(MAIN_THEME_SETTINGS);
  const theme = data.themes.nodes[0];
  if (!theme) return { active: false, themeName: null, activateUrl };
  const body = theme.files?.nodes[0]?.body;
  const content = body?.content ?? (body?.contentBase64 !== undefined ? Buffer.from(body.contentBase64, 'base64').toString('utf8') : '');
  return { active: findAppEmbedState(content, APP_EMBED_HANDLE) === 'active', themeName: theme.name, activateUrl };
}
