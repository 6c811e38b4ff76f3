export interface CollectTransport {
  fetch?: (url: string, init: RequestInit) => Promise<{ status: number }>;
  sendBeacon(url: string, body: string): Promise<boolean>;
}

export type SendOutcome = { via: 'fetch'; status: number } | { via: 'beacon'; queued: boolean } | { via: 'none' };

/**
 * POSTs one `/collect` body as `text/plain` (no CORS preflight, docs/events.md). `fetch` with
 * `keepalive` outlives the page like a beacon but reports the status; when it is missing or fails
 * before an answer, the sandbox's `sendBeacon` is the fallback. Never rejects.
 */
export async function sendCollectRequest(url: string, body: string, transport: CollectTransport): Promise<SendOutcome> {
  if (transport.fetch) {
    try {
      const response = await transport.fetch(url, {
        method: 'POST',
        body,
        keepalive: true,
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
      });
      return { via: 'fetch', status: response.status };
    } catch {
      // Network error or keepalive quota: try the beacon below.
    }
  }
  try {
    return { via: 'beacon', queued: await transport.sendBeacon(url, body) };
  } catch {
    return { via: 'none' };
  }
}
