/**
 * Every destination's HTTP goes through this one interface, so tests and the benchmark can pass a
 * client with other timeouts, and nothing else in the sync reaches for fetch.
 */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Readonly<Record<string, string>>;
  body?: string;
  /** Overrides the client's default timeout for this call. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** The request never got an answer: connection refused or reset, DNS, or the timeout. */
export class HttpTransportError extends Error {
  constructor(message: string, readonly timedOut: boolean) {
    super(message);
    this.name = 'HttpTransportError';
  }
}

export interface HttpClient {
  /** Resolves with any status (4xx and 5xx included); rejects only with HttpTransportError. */
  send(request: HttpRequest): Promise<HttpResponse>;
}

export function createFetchHttpClient(options: { timeoutMs?: number; fetch?: typeof fetch } = {}): HttpClient {
  const doFetch = options.fetch ?? fetch;
  const defaultTimeout = options.timeoutMs ?? 30_000;
  return {
    async send(request) {
      const timeoutMs = request.timeoutMs ?? defaultTimeout;
      try {
        const res = await doFetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const headers: Record<string, string> = {};
        res.headers.forEach((value, key) => { headers[key] = value; });
        return { status: res.status, headers, body: await res.text() };
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        throw new HttpTransportError(timedOut ? `No answer within ${timeoutMs} ms.` : `The request failed: ${err instanceof Error ? err.message : String(err)}`, timedOut);
      }
    },
  };
}
