import type { HttpClient, HttpRequest } from '../http/http-client.js';
import { parseRetryAfter } from '../http/parse-retry-after.js';
import { HttpTransportError } from '../http/http-client.js';
import type { RateLimiter } from '../http/create-rate-limiter.js';
import { DestinationError } from '../destination-error.js';
import { klaviyoErrors } from './klaviyo-error-body.js';
import type { KlaviyoTier } from './klaviyo-tiers.js';
import type { Clock } from '../../clock.js';

export interface KlaviyoCall {
  method: HttpRequest['method'];
  /** From /api/…, query string included. */
  path: string;
  tier: KlaviyoTier;
  body?: unknown;
  /** Non-2xx statuses the caller reads itself (a per-index 400, a 404); anything else throws. */
  accept?: readonly number[];
  /** 'high': a step others wait on (an import job's submit and polls) goes before bulk calls of its tier. */
  priority?: 'high' | 'normal';
}

export interface KlaviyoAnswer { status: number; body: unknown }

export interface KlaviyoTransport {
  send(call: KlaviyoCall): Promise<KlaviyoAnswer>;
}

export interface KlaviyoTransportOptions {
  baseUrl: string;
  apiKey: string;
  revision: string;
  http: HttpClient;
  limiter: RateLimiter;
  sleep: (ms: number) => Promise<void>;
  clock: Clock;
  /** 429s waited out per call before giving up (the engine then waits Retry-After without spending an attempt). */
  maxThrottleWaits: number;
  /** A longer Retry-After is not waited out here but handed to the engine. */
  maxThrottleWaitMs: number;
}

const JSON_API = 'application/vnd.api+json';
const DEFAULT_RETRY_AFTER_MS = 10_000;

/**
 * Every Klaviyo request: paced by tier, authenticated, pinned to a revision, with a JSON:API body; 429
 * waited out a few times; whole-call failures turned into DestinationError (status 0 = never answered).
 */
export function createKlaviyoTransport(options: KlaviyoTransportOptions): KlaviyoTransport {
  const headers = {
    authorization: `Klaviyo-API-Key ${options.apiKey}`,
    revision: options.revision,
    accept: JSON_API,
  };

  const once = async (call: KlaviyoCall) => {
    // Serialized before the slot is taken: a slot counts until a window after the answer, so the
    // milliseconds a bulk body takes to serialize would otherwise be taken from the tier's rate.
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const release = await options.limiter.acquire(call.tier, call.priority);
    try {
      return await options.http.send({
        method: call.method,
        url: `${options.baseUrl}${call.path}`,
        headers: body === undefined ? headers : { ...headers, 'content-type': JSON_API },
        ...(body !== undefined && { body }),
      });
    } catch (err) {
      if (err instanceof HttpTransportError) {
        throw new DestinationError(0, err.timedOut ? 'timeout' : 'network_error', `Klaviyo did not answer ${call.method} ${pathOnly(call.path)}: ${err.message}`);
      }
      throw err;
    } finally {
      release();
    }
  };

  return {
    async send(call) {
      for (let waits = 0; ; waits += 1) {
        const res = await once(call);
        const ok = (res.status >= 200 && res.status < 300) || (call.accept ?? []).includes(res.status);
        if (ok) return { status: res.status, body: parseJson(res.body, call) };
        const error = klaviyoErrors(safeJson(res.body))[0];
        if (res.status === 429) {
          // Absent or unreadable → the engine's 10 s default.
          const retryAfterMs = parseRetryAfter(res.headers['retry-after'], options.clock.now()) ?? DEFAULT_RETRY_AFTER_MS;
          if (waits < options.maxThrottleWaits && retryAfterMs <= options.maxThrottleWaitMs) {
            await options.sleep(retryAfterMs);
            continue;
          }
          throw new DestinationError(429, error?.code ?? 'throttled', `Klaviyo throttled ${call.method} ${pathOnly(call.path)}.`, retryAfterMs);
        }
        const code = error?.code ?? (res.status >= 500 ? 'server_error' : `http_${res.status}`);
        const detail = error?.detail ? `: ${error.detail}` : '.';
        throw new DestinationError(res.status, code, `Klaviyo answered ${res.status} to ${call.method} ${pathOnly(call.path)}${detail}`);
      }
    },
  };
}

function parseJson(text: string, call: KlaviyoCall): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DestinationError(502, 'bad_response', `Klaviyo's answer to ${call.method} ${pathOnly(call.path)} is not JSON.`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// Query strings carry filters with addresses: messages name the path only.
const pathOnly = (path: string) => path.split('?')[0] ?? path;
