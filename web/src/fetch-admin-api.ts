import { forgetSessionToken, getSessionToken } from './get-session-token.js';

/** An error answer from /api in the server's envelope `{error: {code, message}}`. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error object's other fields, e.g. line and column of a segment query error. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * Calls the admin API with the session token: GET by default, or `method` with a JSON `body`.
 * An error answer throws AdminApiError with the envelope's code and message (and its extra fields in `details`).
 */
export async function fetchAdminApi<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res = await send(path, init);
  // The server marks a refused token this way (App Bridge does the same retry inside Shopify).
  if (res.status === 401 && res.headers.get('X-Shopify-Retry-Invalid-Session-Request') === '1') {
    forgetSessionToken();
    res = await send(path, init);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } & Record<string, unknown> } | null;
    throw new AdminApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `The server answered HTTP ${res.status}.`, body?.error ?? {});
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

async function send(path: string, init: { method?: string; body?: unknown }): Promise<Response> {
  const token = await getSessionToken();
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}
