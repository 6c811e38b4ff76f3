import { forgetSessionToken, getSessionToken } from './get-session-token.js';

/** An error answer from /api in the server's envelope `{error: {code, message}}`. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** GETs a JSON resource from the admin API with the session token. */
export async function fetchAdminApi<T>(path: string): Promise<T> {
  let res = await send(path);
  // The server marks a refused token this way (App Bridge does the same retry inside Shopify).
  if (res.status === 401 && res.headers.get('X-Shopify-Retry-Invalid-Session-Request') === '1') {
    forgetSessionToken();
    res = await send(path);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new AdminApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `The server answered HTTP ${res.status}.`);
  }
  return (await res.json()) as T;
}

async function send(path: string): Promise<Response> {
  const token = await getSessionToken();
  return fetch(path, { headers: { accept: 'application/json', authorization: `Bearer ${token}` } });
}
