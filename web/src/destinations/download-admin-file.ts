import { AdminApiError } from '../fetch-admin-api.js';
import { forgetSessionToken, getSessionToken } from '../get-session-token.js';

async function send(path: string): Promise<Response> {
  const token = await getSessionToken();
  return fetch(path, { headers: { authorization: `Bearer ${token}` } });
}

/**
 * Downloads an /api file (a CSV export) under the name the server gives it (else `fallbackName`). A plain link cannot carry the session token, so
 * the file is fetched with it and handed to the browser as a Blob.
 */
export async function downloadAdminFile(path: string, fallbackName: string): Promise<void> {
  let res = await send(path);
  if (res.status === 401 && res.headers.get('X-Shopify-Retry-Invalid-Session-Request') === '1') {
    forgetSessionToken();
    res = await send(path);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new AdminApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `The server answered HTTP ${res.status}.`);
  }
  const url = URL.createObjectURL(await res.blob());
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The click has handed the Blob to the download by now; a later revoke frees it.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
