import type { AppConfig } from '../config.js';
import type { Clock } from '../clock.js';
import { adminOriginOf } from './admin-origin-of.js';
import { AdminGraphqlError } from './admin-graphql-error.js';
import { SHOPIFY_API_VERSION } from './create-shopify-api.js';

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface GraphqlResult<T> {
  data: T | null;
  errors: readonly GraphqlErrorEntry[];
}

export interface GraphqlErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string };
}

export interface AdminGraphqlClient {
  /** The data of a call without GraphQL errors; anything else throws AdminGraphqlError. */
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Data and errors as returned (throttling and HTTP errors are still handled), for queries whose errors mean "absent". */
  execute<T>(query: string, variables?: Record<string, unknown>): Promise<GraphqlResult<T>>;
}

export interface AdminGraphqlDeps {
  config: Pick<AppConfig, 'adminOrigin'>;
  shop: string;
  /** Called per request so a refreshed token is picked up (OfflineSessions.accessTokenOf). */
  accessToken(): Promise<string>;
  clock: Clock;
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
  apiVersion?: string;
  /** Attempts after THROTTLED or HTTP 429 before giving up. */
  maxRetries?: number;
}

interface ResponseBody {
  data?: unknown;
  errors?: unknown;
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
}

/**
 * Admin GraphQL over fetch with Shopify's cost-based throttling (shopify.md §7.4): it remembers the
 * bucket from each response and what each query cost, waits before a query the bucket cannot pay for,
 * and after THROTTLED or 429 waits as long as the bucket needs, then retries.
 */
export function createAdminGraphqlClient(deps: AdminGraphqlDeps): AdminGraphqlClient {
  const { clock } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const doFetch = deps.fetch ?? fetch;
  const maxRetries = deps.maxRetries ?? 5;
  const url = `${adminOriginOf(deps.config, deps.shop)}/admin/api/${deps.apiVersion ?? SHOPIFY_API_VERSION}/graphql.json`;
  let bucket: (ThrottleStatus & { at: number }) | null = null;
  const costOf = new Map<string, number>();

  const waitFor = (cost: number): number => {
    if (!bucket || bucket.restoreRate <= 0) return 0;
    const available = Math.min(bucket.maximumAvailable, bucket.currentlyAvailable + ((clock.now() - bucket.at) / 1000) * bucket.restoreRate);
    return available >= cost ? 0 : Math.ceil(((cost - available) / bucket.restoreRate) * 1000);
  };

  async function execute<T>(query: string, variables?: Record<string, unknown>): Promise<GraphqlResult<T>> {
    for (let attempt = 0; ; attempt++) {
      const wait = waitFor(costOf.get(query) ?? 0);
      if (wait > 0) await sleep(wait);
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-shopify-access-token': await deps.accessToken() },
        body: JSON.stringify(variables ? { query, variables } : { query }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json().catch(() => null)) as ResponseBody | null;
      if (res.status === 429) {
        if (attempt >= maxRetries) throw new AdminGraphqlError('throttled', `Shopify kept answering 429 for ${deps.shop}.`, 429);
        await sleep(retryAfterMs(res.headers.get('retry-after')));
        continue;
      }
      if (!res.ok || body === null) {
        const detail = typeof body?.errors === 'string' ? `: ${body.errors}` : '';
        throw new AdminGraphqlError('http', `Admin GraphQL for ${deps.shop} answered HTTP ${res.status}${detail}.`, res.status);
      }
      const cost = body.extensions?.cost;
      if (cost?.throttleStatus) bucket = { ...cost.throttleStatus, at: clock.now() };
      if (typeof cost?.requestedQueryCost === 'number') costOf.set(query, cost.requestedQueryCost);
      const errors = Array.isArray(body.errors) ? (body.errors as GraphqlErrorEntry[]) : [];
      if (errors.some((e) => e.extensions?.code === 'THROTTLED')) {
        if (attempt >= maxRetries) throw new AdminGraphqlError('throttled', `Admin GraphQL for ${deps.shop} stayed throttled after ${attempt + 1} attempts.`, 200, errors);
        // The wait at the top of the loop now covers the requested cost; without a bucket, back off a second.
        if (waitFor(costOf.get(query) ?? 0) === 0) await sleep(1000);
        continue;
      }
      return { data: (body.data ?? null) as T | null, errors };
    }
  }

  return {
    execute,
    async request<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const { data, errors } = await execute<T>(query, variables);
      if (errors.length > 0 || data === null) {
        const text = errors.map((e) => `${e.extensions?.code ? `${e.extensions.code}: ` : ''}${e.message}`).join('; ') || 'no data';
        throw new AdminGraphqlError('graphql', `Admin GraphQL error for ${deps.shop}: ${text}`, 200, errors);
      }
      return data;
    },
  };
}

function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 60) * 1000 : 1000;
}
