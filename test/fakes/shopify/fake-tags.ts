import type { FakeShopifyState } from './fake-shopify-state.js';

// Resources tagsAdd/tagsRemove accept (shopify.md §7.2).
const TAGGABLE = /^gid:\/\/shopify\/(Order|DraftOrder|Customer|Product|Article)\/\d+$/;
// Assumptions: Shopify documents 250 tags per product; 255 characters per tag is the commonly cited limit.
const MAX_TAGS = 250;
const MAX_TAG_LENGTH = 255;

type UserError = { field: string[]; message: string };

/**
 * `tagsAdd(id: $id, tags: $tags)` / `tagsRemove(id: $id, tags: $tags)` → `{node {id}, userErrors {field message}}`.
 * Tags are an array or one comma-separated string, trimmed; Shopify's tags are case-insensitive, so
 * adding "VIP" to a resource tagged "vip" keeps one tag and removing "VIP" removes "vip".
 * State is per shop and resource id (fake.state.tags); every well-formed id of a taggable type exists.
 */
export function resolveTags(state: FakeShopifyState, shop: string, operation: 'tagsAdd' | 'tagsRemove', variables: { id?: unknown; tags?: unknown }) {
  const result = (node: { id: string } | null, userErrors: UserError[]) => ({ data: { [operation]: { node, userErrors } } });
  const id = typeof variables.id === 'string' ? variables.id : '';
  if (!TAGGABLE.test(id)) return result(null, [{ field: ['id'], message: 'Invalid id or resource type is not taggable.' }]);
  const tags = parseTags(variables.tags);
  if (tags === null || tags.length === 0) return result(null, [{ field: ['tags'], message: 'Tags must be a list of strings or a comma-separated string.' }]);
  if (tags.some((t) => t.length > MAX_TAG_LENGTH)) return result(null, [{ field: ['tags'], message: `Tags can't be longer than ${MAX_TAG_LENGTH} characters.` }]);

  const byId = state.tags.get(shop) ?? new Map<string, string[]>();
  state.tags.set(shop, byId);
  const current = byId.get(id) ?? [];
  const has = (list: readonly string[], tag: string) => list.some((t) => t.toLowerCase() === tag.toLowerCase());
  let next: string[];
  if (operation === 'tagsAdd') {
    next = [...current];
    for (const tag of tags) if (!has(next, tag)) next.push(tag);
    if (next.length > MAX_TAGS) return result(null, [{ field: ['tags'], message: `A resource can't have more than ${MAX_TAGS} tags.` }]);
  } else {
    next = current.filter((t) => !has(tags, t));
  }
  byId.set(id, next);
  return result({ id }, []);
}

function parseTags(raw: unknown): string[] | null {
  const list = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) && raw.every((t) => typeof t === 'string') ? (raw as string[]) : null;
  return list && list.map((t) => t.trim()).filter((t) => t !== '');
}
