import type { FakeShopifyState } from './fake-shopify-state.js';

/**
 * `themes(first: 1, roles: [MAIN]) { nodes { id name files(filenames: [...]) { nodes { filename body } } } }`:
 * the shop's live theme (set with fake.setMainTheme), with config/settings_data.json when the query names
 * it and the theme has one. Needs read_themes, as Shopify's ACCESS_DENIED says. Bodies are
 * OnlineStoreThemeFileBodyText (`content`); the fake ignores the selection set and sends both fields it knows.
 */
export function resolveThemes(state: FakeShopifyState, shop: string, query: string): { data: unknown; errors?: unknown[] } {
  if (!state.scope.split(',').includes('read_themes')) {
    return {
      data: null,
      errors: [{ message: 'Access denied for themes field. Required access: `read_themes` access scope.', path: ['themes'], extensions: { code: 'ACCESS_DENIED' } }],
    };
  }
  const theme = state.mainThemes.get(shop);
  if (!theme) return { data: { themes: { nodes: [] } } };
  const file = 'config/settings_data.json';
  const files = query.includes(file) && theme.settingsData !== null
    ? [{ filename: file, body: { __typename: 'OnlineStoreThemeFileBodyText', content: theme.settingsData } }]
    : [];
  return { data: { themes: { nodes: [{ id: theme.id, name: theme.name, role: 'MAIN', files: { nodes: files } }] } } };
}
