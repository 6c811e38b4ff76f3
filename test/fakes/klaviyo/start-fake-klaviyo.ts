import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeKlaviyoState, type FakeKlaviyoState } from './fake-klaviyo-state.js';
import { createRateLimiter, DEFAULT_TIERS, type RateTier, type TierName } from './fake-rate-limits.js';
import { createFaultQueue, type FakeKlaviyoFault } from './fake-faults.js';
import { errorAnswer, invalid, type ErrorAnswer } from './klaviyo-errors.js';
import { requestSchema, validateAgainstSpec } from './validate-against-spec.js';
import { KLAVIYO_ROUTES, type RouteContext } from './klaviyo-routes.js';
import { completeJob, MAX_JOB_BYTES } from './fake-profile-import.js';
import { upsertProfile, type Answer } from './fake-profiles.js';

export interface FakeKlaviyoOptions {
  /** Private keys that authenticate (default `['pk_test']`). */
  apiKeys?: string[];
  /** Keys that authenticate but lack the scopes: every call answers 403. */
  wrongScopeKeys?: string[];
  /** Override tier ceilings, e.g. `{ M: { burstPerSecond: 2, steadyPerMinute: 5 } }`. */
  tiers?: Partial<Record<TierName, RateTier>>;
  /** ms since the epoch; share the test clock to move rate windows with it. */
  now?: () => number;
}

export interface FakeKlaviyo {
  baseUrl: string;
  state: FakeKlaviyoState;
  inject(fault: FakeKlaviyoFault): void;
  /** Completes every unfinished import job now, as if polled to the end (for benches and setup). */
  finishJobs(): void;
  /** From now on every bulk import refuses this address with a per-index 400, as Klaviyo's validation does. */
  refuseEmail(email: string): void;
  /**
   * The address hard-bounced: its profile (created if needed) gets a global HARD_BOUNCE suppression,
   * which a profile look-up with additional-fields[profile]=subscriptions reports.
   */
  bounce(email: string, reason?: 'HARD_BOUNCE' | 'INVALID_EMAIL' | 'SPAM_COMPLAINT' | 'UNSUBSCRIBE' | 'USER_SUPPRESSED'): void;
  close(): Promise<void>;
}

const REVISION = /^\d{4}-\d{2}-\d{2}(\.[a-z0-9]+)?$/;
const JSON_TYPES = ['application/vnd.api+json', 'application/json'];

/** A local stand-in for Klaviyo's JSON:API endpoints the sync uses (README.md in this folder). */
export async function startFakeKlaviyo(options: FakeKlaviyoOptions = {}): Promise<FakeKlaviyo> {
  const state = createFakeKlaviyoState();
  const now = options.now ?? Date.now;
  const keys = new Set(options.apiKeys ?? ['pk_test']);
  const wrongScope = new Set(options.wrongScopeKeys ?? []);
  const limiter = createRateLimiter({ ...DEFAULT_TIERS, ...options.tiers }, now);
  const faults = createFaultQueue();
  let baseUrl = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/(.)\/$/, '$1');
    const reply = (answer: Answer) => {
      state.requests.push({ method, path, status: answer.status, at: now() });
      send(res, answer);
    };
    const fault = faults.take(method, path);
    if (fault?.kind === 'timeout') {
      state.requests.push({ method, path, status: 0, at: now() });
      req.resume();
      return; // never answered: the client's own timeout must fire
    }
    if (fault) {
      const answer: Answer = fault.status === 429 ? throttled(fault.retryAfterSeconds ?? 1)
        : fault.status === 400 ? invalid('The request was refused (injected fault).', {})
        : errorAnswer(fault.status, 'error', 'A server error occurred.');
      return reply(answer);
    }
    const auth = /^Klaviyo-API-Key (\S+)$/.exec(header(req, 'authorization'));
    const key = auth?.[1] ?? '';
    if (!keys.has(key) && !wrongScope.has(key)) return reply(errorAnswer(401, 'not_authenticated', 'Missing or invalid private key.'));
    if (wrongScope.has(key)) return reply(errorAnswer(403, 'permission_denied', 'This API key is missing required scopes.'));
    if (!REVISION.test(header(req, 'revision'))) {
      return reply(invalid('Missing or invalid required header: revision (YYYY-MM-DD[.suffix]).', { parameter: 'revision' }));
    }
    const match = KLAVIYO_ROUTES.map((route) => ({ route, params: route.pattern.exec(path) })).find(({ route, params }) => route.method === method && params);
    if (!match?.params) return reply(errorAnswer(404, 'not_found', `No route for ${method} ${path}.`));
    const { route, params } = match;
    const rate = limiter.take(key, route.tier);
    if (!rate.allowed) return reply(throttled(rate.retryAfterSeconds));
    let body: unknown;
    if (route.spec) {
      const read = await readJson(req, MAX_JOB_BYTES);
      if (!read.ok) return reply(read.answer);
      const violations = validateAgainstSpec(requestSchema(route.spec, method.toLowerCase()), read.value);
      if (violations.length > 0) {
        return reply({ status: 400, body: { errors: violations.map((v) => invalid(v.detail, { pointer: v.pointer }).body.errors[0]) } });
      }
      body = read.value;
    }
    const context: RouteContext = { state, params: params.slice(1), query: url.searchParams, body, now: now(), baseUrl, rejectIndexes: faults.takeRejectIndexes };
    const answer = route.handle(context);
    reply({ ...answer, headers: { ...rate.headers, ...answer.headers } });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, errorAnswer(500, 'error', String(err))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    state,
    inject: (fault) => faults.inject(fault),
    finishJobs: () => { for (const job of state.jobs.values()) completeJob(state, job, new Date(now()).toISOString()); },
    refuseEmail: (email) => { state.refusedEmails.add(email.trim().toLowerCase()); },
    bounce(email, reason = 'HARD_BOUNCE') {
      const at = new Date(now()).toISOString();
      const profile = upsertProfile(state, { attributes: { email } }, at);
      profile.emailMarketing.suppressions.push({ reason, timestamp: at });
      if (reason === 'UNSUBSCRIBE' || reason === 'SPAM_COMPLAINT') Object.assign(profile.emailMarketing, { consent: 'UNSUBSCRIBED', consentTimestamp: at });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** 429 carries Retry-After (whole seconds) and none of the RateLimit-* headers (email-tools.md A.7). */
function throttled(seconds: number): Answer {
  return { ...errorAnswer(429, 'throttled', `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.`), headers: { 'Retry-After': String(seconds) } };
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

type ReadResult = { ok: true; value: unknown } | { ok: false; answer: ErrorAnswer };

/** The body as JSON, or Klaviyo's 400/415 when it is too large, not JSON, or of another media type. */
async function readJson(req: IncomingMessage, limit: number): Promise<ReadResult> {
  const fail = (answer: ErrorAnswer): ReadResult => ({ ok: false, answer });
  const type = header(req, 'content-type').split(';')[0]?.trim() ?? '';
  if (!JSON_TYPES.includes(type)) {
    req.resume();
    return fail(errorAnswer(415, 'unsupported_media_type', `Unsupported media type "${type}" in request.`));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) return fail(invalid('Request payload exceeds 5 MB.', { pointer: '/data' }));
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return fail(invalid('JSON parse error.', { pointer: '' }));
  }
}

function send(res: ServerResponse, answer: Answer): void {
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.body === undefined) {
    res.writeHead(answer.status, headers).end();
    return;
  }
  res.writeHead(answer.status, { ...headers, 'content-type': 'application/vnd.api+json' }).end(JSON.stringify(answer.body));
}
