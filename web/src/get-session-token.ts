/** What this admin uses of the App Bridge global that Shopify's CDN script installs. */
interface AppBridgeGlobal {
  idToken(): Promise<string>;
}

// Demo tokens live 60 s; fetch a new one this long before that so a request never carries a stale one.
const REFRESH_MARGIN_MS = 10_000;

let demoToken: { token: string; refreshAt: number } | null = null;
let demoTokenRequest: Promise<string> | null = null;

/** True inside the Shopify admin, where App Bridge issues session tokens. */
export function isInsideShopify(): boolean {
  return appBridge() !== null;
}

/**
 * The session token for `Authorization: Bearer`: from App Bridge inside Shopify, otherwise (demo mode)
 * from the demo server, which signs the same kind of token for the demo shop.
 */
export function getSessionToken(): Promise<string> {
  const bridge = appBridge();
  if (bridge) return bridge.idToken();
  if (demoToken && Date.now() < demoToken.refreshAt) return Promise.resolve(demoToken.token);
  // Concurrent callers share one request.
  demoTokenRequest ??= fetchDemoToken().finally(() => {
    demoTokenRequest = null;
  });
  return demoTokenRequest;
}

/** Drops a cached demo token the server refused, so the next call fetches a fresh one. */
export function forgetSessionToken(): void {
  demoToken = null;
}

function appBridge(): AppBridgeGlobal | null {
  const candidate = (window as { shopify?: Partial<AppBridgeGlobal> }).shopify;
  return typeof candidate?.idToken === 'function' ? (candidate as AppBridgeGlobal) : null;
}

async function fetchDemoToken(): Promise<string> {
  const res = await fetch('/demo/session-token', { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) throw new Error(`Could not get a demo session token (HTTP ${res.status}).`);
  const { token } = (await res.json()) as { token: string };
  demoToken = { token, refreshAt: Date.now() + lifetimeMs(token) - REFRESH_MARGIN_MS };
  return token;
}

// From the token's own iat/exp rather than its exp against our clock, which may be off.
function lifetimeMs(token: string): number {
  try {
    const payload = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as { iat?: unknown; exp?: unknown };
    return typeof payload.exp === 'number' && typeof payload.iat === 'number' ? (payload.exp - payload.iat) * 1000 : 0;
  } catch {
    return 0;
  }
}
