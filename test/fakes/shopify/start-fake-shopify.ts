import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FakeCall, FakeShopifyState } from './fake-shopify-state.js';
import { handleTokenRequest } from './fake-token-endpoint.js';
import { handleGraphql } from './fake-admin-graphql.js';
import { fakeBulkOperations, serveBulkResult } from './fake-bulk-operations.js';
import { signOauthQuery } from './sign-oauth-query.js';
import { readFakeRequestBody } from '../read-fake-request-body.js';

export interface FakeShopifyOptions {
  apiKey: string;
  apiSecret: string;
  scope?: string;
  /** ms since the epoch; share the app's test clock to move both in step. */
  now?: () => number;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  bucket?: { maximumAvailable: number; restoreRate: number };
}

export interface FakeShopify {
  /** Value for SHOPIFY_ADMIN_ORIGIN: shops are told apart by the first path segment. */
  adminOrigin: string;
  state: FakeShopifyState;
  calls(kind?: FakeCall['kind']): FakeCall[];
  /** The next matching request answers `status` with `body` instead of doing its work. */
  failNext(kind: 'token' | 'graphql', status: number, body?: unknown): void;
  /** Sets a shop's bucket to `available` points now (restored from there at restoreRate). */
  setBucket(shop: string, available: number): void;
  /** Gives the shop a live theme whose config/settings_data.json is `settingsData` (null: the file is missing). */
  setMainTheme(shop: string, theme: { name: string; settingsData: string | null }): void;
  stop(): Promise<void>;
}

const SHOP = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const MAX_BODY = 64 * 1024;

/** A local stand-in for Shopify's OAuth, token and Admin GraphQL endpoints (README.md in this folder). */
export async function startFakeShopify(options: FakeShopifyOptions): Promise<FakeShopify> {
  const state: FakeShopifyState = {
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    scope: options.scope ?? 'read_customers,write_customers,read_orders,write_pixels,read_customer_events,write_app_proxy,read_themes',
    now: options.now ?? Date.now,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 90 * 24 * 3600,
    accessTokens: new Map(),
    refreshTokens: new Map(),
    codes: new Map(),
    pixels: new Map(),
    mainThemes: new Map(),
    tags: new Map(),
    buckets: new Map(),
    bucket: options.bucket ?? { maximumAvailable: 2000, restoreRate: 100 },
    calls: [],
    faults: [],
  };

  const server = createServer((req, res) => {
    route(state, req, res).catch((err: unknown) => send(res, 500, { errors: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fakeBulkOperations(state).setOrigin(`http://127.0.0.1:${port}`);

  return {
    adminOrigin: `http://127.0.0.1:${port}/{shop}`,
    state,
    calls: (kind) => state.calls.filter((c) => !kind || c.kind === kind),
    failNext: (kind, status, body = { errors: 'Internal error' }) => { state.faults.push({ kind, status, body }); },
    setBucket: (shop, available) => { state.buckets.set(shop, { available, at: state.now() }); },
    setMainTheme: (shop, theme) => {
      const id = state.mainThemes.get(shop)?.id ?? `gid://shopify/OnlineStoreTheme/${state.mainThemes.size + 1000}`;
      state.mainThemes.set(shop, { id, ...theme });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function route(state: FakeShopifyState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const [, shop = '', ...rest] = url.pathname.split('/');
  const path = `/${rest.join('/')}`;
  if (!SHOP.test(shop)) return send(res, 404, { errors: 'Not Found' });
  const record = (call: Omit<FakeCall, 'shop' | 'at'>) => state.calls.push({ ...call, shop, at: state.now() });

  if (req.method === 'GET' && serveBulkResult(state, path, res)) return;
  if (req.method === 'GET' && path === '/admin/oauth/authorize') {
    return authorize(state, shop, url.searchParams, res, record);
  }
  if (req.method === 'POST' && path === '/admin/oauth/access_token') {
    const params = parseParams(req.headers['content-type'], await readBody(req));
    const fault = takeFault(state, 'token');
    const result = fault ? { ...fault, grant: params.grant_type ?? '' } : handleTokenRequest(state, shop, params);
    record({ kind: 'token', operation: result.grant, ...(params.expiring !== undefined && { expiring: params.expiring }), status: result.status });
    return send(res, result.status, result.body);
  }
  if (req.method === 'POST' && /^\/admin\/api\/\d{4}-\d{2}\/graphql\.json$/.test(path)) {
    const body = JSON.parse(await readBody(req) || '{}') as Parameters<typeof handleGraphql>[3];
    const fault = takeFault(state, 'graphql');
    const token = req.headers['x-shopify-access-token'];
    const result = fault ? { ...fault, operation: '' } : handleGraphql(state, shop, Array.isArray(token) ? token[0] : token, body);
    record({ kind: 'graphql', operation: result.operation, status: result.status });
    return send(res, result.status, result.body);
  }
  send(res, 404, { errors: 'Not Found' });
}

/** The merchant approves at once: Shopify redirects to redirect_uri with a code and a signed query. */
function authorize(state: FakeShopifyState, shop: string, query: URLSearchParams, res: ServerResponse, record: (c: Omit<FakeCall, 'shop' | 'at'>) => void): void {
  const redirectUri = query.get('redirect_uri');
  if (query.get('client_id') !== state.apiKey || !redirectUri) {
    record({ kind: 'authorize', operation: 'authorize', status: 400 });
    return send(res, 400, { errors: 'Invalid client_id or redirect_uri' });
  }
  const code = randomBytes(12).toString('hex');
  state.codes.set(code, shop);
  const signed = signOauthQuery(state.apiSecret, {
    code,
    host: Buffer.from(`${shop}/admin`).toString('base64url'),
    shop,
    state: query.get('state') ?? '',
    timestamp: String(Math.floor(state.now() / 1000)),
  });
  record({ kind: 'authorize', operation: 'authorize', status: 302 });
  res.writeHead(302, { location: `${redirectUri}?${new URLSearchParams(signed).toString()}` }).end();
}

function takeFault(state: FakeShopifyState, kind: 'token' | 'graphql'): { status: number; body: unknown } | undefined {
  const index = state.faults.findIndex((f) => f.kind === kind);
  return index === -1 ? undefined : state.faults.splice(index, 1)[0];
}

function parseParams(contentType: string | undefined, body: string): Record<string, string> {
  const raw: Record<string, unknown> = contentType?.includes('application/json')
    ? (JSON.parse(body || '{}') as Record<string, unknown>)
    : Object.fromEntries(new URLSearchParams(body));
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
}

const readBody = (req: IncomingMessage) => readFakeRequestBody(req, MAX_BODY);

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
