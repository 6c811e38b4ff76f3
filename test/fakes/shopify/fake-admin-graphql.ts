import { randomInt } from 'node:crypto';
import type { FakeShopifyState } from './fake-shopify-state.js';
import { BULK_COSTS, resolveBulkOperation } from './fake-bulk-operations.js';
import type { FakeResponse } from './fake-token-endpoint.js';
import { resolveThemes } from './fake-themes.js';
import { resolveTags } from './fake-tags.js';

// Shopify's calculated costs (shopify.md §7.4): a mutation costs 10, a small object query 1; themes with
// its nested files connection 3 (an assumption: connections cost 2 plus their nodes).
const COSTS: Record<string, number> = { ...BULK_COSTS, webPixelCreate: 10, webPixelUpdate: 10, webPixel: 1, shop: 1, themes: 3, tagsAdd: 10, tagsRemove: 10 };
const PIXEL_SETTINGS = new Set(['collectorUrl', 'ingestKey', 'debug']);

interface GraphqlBody {
  query?: unknown;
  variables?: { id?: unknown; webPixel?: { settings?: unknown }; tags?: unknown };
}

/**
 * POST /admin/api/<version>/graphql.json for the subset the app uses, with Shopify's leaky-bucket cost
 * extensions and its THROTTLED error when the bucket cannot pay the requested cost.
 * Arguments are read from variables only (`id`, `webPixel`); the fake does not parse GraphQL literals.
 */
export function handleGraphql(state: FakeShopifyState, shop: string, accessToken: string | undefined, body: GraphqlBody): FakeResponse & { operation: string } {
  const token = state.accessTokens.get(accessToken ?? '');
  if (!token || token.shop !== shop || (token.expiresAt !== null && token.expiresAt <= state.now())) {
    return { status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' }, operation: '' };
  }
  const query = typeof body.query === 'string' ? body.query : '';
  const operation = /\{\s*(\w+)/.exec(query)?.[1] ?? '';
  const cost = COSTS[operation];
  if (cost === undefined) {
    return { status: 200, body: { errors: [{ message: `Field '${operation}' doesn't exist on type 'QueryRoot'`, extensions: { code: 'undefinedField' } }] }, operation };
  }
  const bucket = refill(state, shop);
  const throttleStatus = () => ({ maximumAvailable: state.bucket.maximumAvailable, currentlyAvailable: Math.floor(bucket.available), restoreRate: state.bucket.restoreRate });
  if (cost > bucket.available) {
    return {
      status: 200,
      body: {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
        extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: throttleStatus() } },
      },
      operation,
    };
  }
  bucket.available -= cost;
  const extensions = { cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: throttleStatus() } };
  return { status: 200, body: { ...resolve(state, shop, operation, body.variables ?? {}, query), extensions }, operation };
}

function refill(state: FakeShopifyState, shop: string): { available: number; at: number } {
  const now = state.now();
  const bucket = state.buckets.get(shop) ?? { available: state.bucket.maximumAvailable, at: now };
  // Math.max: a test clock moved back must not drain the bucket.
  bucket.available = Math.min(state.bucket.maximumAvailable, bucket.available + (Math.max(0, now - bucket.at) / 1000) * state.bucket.restoreRate);
  bucket.at = now;
  state.buckets.set(shop, bucket);
  return bucket;
}

function resolve(state: FakeShopifyState, shop: string, operation: string, variables: NonNullable<GraphqlBody['variables']>, query: string): { data: unknown; errors?: unknown[] } {
  const bulk = resolveBulkOperation(state, shop, operation, variables);
  if (bulk) return bulk;
  const pixel = state.pixels.get(shop);
  switch (operation) {
    case 'shop':
      return { data: { shop: { id: `gid://shopify/Shop/${shopNumber(shop)}`, myshopifyDomain: shop } } };
    case 'webPixel':
      if (!pixel) return { data: { webPixel: null }, errors: [{ message: 'No web pixel was found for this app.', path: ['webPixel'], extensions: { code: 'NOT_FOUND' } }] };
      return { data: { webPixel: pixel } };
    case 'webPixelCreate': {
      if (pixel) return payload(operation, null, [{ code: 'TAKEN', field: ['webPixel'], message: 'Web pixel is taken.' }]);
      const settings = checkSettings(variables.webPixel?.settings);
      if (typeof settings !== 'string') return payload(operation, null, [settings]);
      const created = { id: `gid://shopify/WebPixel/${randomInt(1, 2 ** 40)}`, settings };
      state.pixels.set(shop, created);
      return payload(operation, created, []);
    }
    case 'webPixelUpdate': {
      if (!pixel || variables.id !== pixel.id) return payload(operation, null, [{ code: 'NOT_FOUND', field: ['id'], message: 'Web pixel not found.' }]);
      const settings = checkSettings(variables.webPixel?.settings);
      if (typeof settings !== 'string') return payload(operation, null, [settings]);
      pixel.settings = settings;
      return payload(operation, pixel, []);
    }
    case 'themes':
      return resolveThemes(state, shop, query);
    case 'tagsAdd':
    case 'tagsRemove':
      return resolveTags(state, shop, operation, variables);
    default:
      return { data: null };
  }
}

const payload = (operation: string, webPixel: unknown, userErrors: unknown[]) => ({ data: { [operation]: { webPixel, userErrors } } });

/** Settings must match extensions/checkout-pixel/shopify.extension.toml, as Shopify checks them. Returns the stored JSON string or a user error. */
function checkSettings(raw: unknown): string | { code: string; field: string[]; message: string } {
  const error = (message: string) => ({ code: 'INVALID_SETTINGS', field: ['webPixel', 'settings'], message });
  let settings: unknown;
  try {
    settings = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    return error('Settings are not valid JSON.');
  }
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) return error('Settings must be an object.');
  for (const [key, value] of Object.entries(settings)) {
    if (!PIXEL_SETTINGS.has(key)) return error(`Unknown setting "${key}".`);
    if (typeof value !== 'string') return error(`Setting "${key}" must be a string.`);
  }
  const s = settings as Record<string, string>;
  if (!s.collectorUrl || !s.ingestKey) return error('collectorUrl and ingestKey are required.');
  return JSON.stringify(settings);
}

function shopNumber(shop: string): number {
  let n = 7;
  for (const ch of shop) n = (n * 31 + ch.charCodeAt(0)) % 1_000_000_007;
  return n;
}
