import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FakeAudience, FakeFault, FakeMailchimpState, MemberStatus, Problem } from './fake-mailchimp-state.js';
import { problem } from './fake-mailchimp-state.js';
import { getMember, listMembers, listTags, notFound, subscriberHash, updateTags, upsertMember, type Answer, type UpsertInput } from './fake-members.js';
import { batchSubscribe, type BatchInput } from './fake-batch-subscribe.js';
import { requestSchema, validateAgainstSpec } from './validate-against-spec.js';
import { takeFault } from './take-fault.js';
import { readFakeRequestBody } from '../read-fake-request-body.js';

export interface FakeMailchimpOptions {
  /** Mailchimp keys look like `<32 hex>-<data center>`; the password of every request must equal it. */
  apiKey: string;
  audiences?: Array<{ id: string; name?: string }>;
  /** Mailchimp allows 10 simultaneous connections per user. */
  maxConnections?: number;
  /** Held before every answer so tests can build up concurrency. */
  latencyMs?: number;
  now?: () => number;
}

export interface FakeMailchimp {
  /** Like `https://<dc>.api.mailchimp.com/3.0`: paths are appended (`${baseUrl}/lists/{id}`). */
  baseUrl: string;
  state: FakeMailchimpState;
  /** The next `times` (default 1) requests whose path matches answer with the fault instead. */
  inject(fault: FakeFault): void;
  seedMember(listId: string, email: string, status: MemberStatus, tags?: string[]): void;
  /** As after delete-permanent: the address can never be re-imported. */
  forget(listId: string, email: string): void;
  /** An address held in a compliance state with no member on the list: adding it opted in answers Member In Compliance State. */
  holdForCompliance(listId: string, email: string): void;
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024;
const ERROR_DOCS = 'https://mailchimp.com/developer/marketing/docs/errors/';

/** A local stand-in for the Mailchimp Marketing API v3 routes our sync uses (README.md in this folder). */
export async function startFakeMailchimp(options: FakeMailchimpOptions): Promise<FakeMailchimp> {
  if (!/^[0-9a-f]+-[a-z]+\d+$/.test(options.apiKey)) throw new Error('apiKey must look like <hex>-<dc>');
  const state: FakeMailchimpState = {
    apiKey: options.apiKey,
    audiences: new Map((options.audiences ?? [{ id: 'list0001' }]).map(({ id, name }) => [id, { id, name: name ?? `Audience ${id}`, members: new Map(), forgotten: new Set(), complianceHeld: new Set() }])),
    requests: [],
    activeConnections: 0,
    peakConnections: 0,
    maxConnections: options.maxConnections ?? 10,
    faults: [],
    now: options.now ?? Date.now,
  };
  const latencyMs = options.latencyMs ?? 0;

  const server = createServer((req, res) => {
    state.activeConnections += 1;
    state.peakConnections = Math.max(state.peakConnections, state.activeConnections);
    const concurrent = state.activeConnections;
    res.on('close', () => { state.activeConnections -= 1; });
    handle(state, req, res, concurrent, latencyMs).catch((err: unknown) => {
      if (!res.headersSent) sendProblem(res, problem(500, 'Internal Server Error', String(err)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const audience = (listId: string): FakeAudience => {
    const found = state.audiences.get(listId);
    if (!found) throw new Error(`no audience ${listId}`);
    return found;
  };
  return {
    baseUrl: `http://127.0.0.1:${port}/3.0`,
    state,
    inject: (fault) => { state.faults.push({ ...fault, remaining: fault.times ?? 1 }); },
    seedMember(listId, email, status, tags = []) {
      const hash = subscriberHash(email);
      const at = new Date(state.now()).toISOString();
      audience(listId).members.set(hash, {
        id: hash, emailAddress: email.trim(), status, mergeFields: {}, lastChanged: at,
        tags: new Map(tags.map((name) => [name.toLowerCase(), { name, dateAdded: at }])),
      });
    },
    forget(listId, email) {
      const hash = subscriberHash(email);
      audience(listId).members.delete(hash);
      audience(listId).forgotten.add(hash);
    },
    holdForCompliance(listId, email) {
      audience(listId).complianceHeld.add(subscriberHash(email));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(state: FakeMailchimpState, req: IncomingMessage, res: ServerResponse, concurrent: number, latencyMs: number): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const method = req.method ?? 'GET';
  const raw = await readBody(req);
  let body: unknown;
  let badJson = false;
  try { body = raw ? JSON.parse(raw) : undefined; } catch { badJson = true; }
  const log = (status: number) => state.requests.push({ method, path: url.pathname, status, body, concurrent });
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));

  if (concurrent > state.maxConnections) {
    log(429);
    return sendProblem(res, problem(429, 'Too Many Requests', `You have exceeded the limit of ${state.maxConnections} simultaneous connections.`));
  }
  const authProblem = checkAuth(state.apiKey, req.headers.authorization);
  if (authProblem) { log(authProblem.status); return sendProblem(res, authProblem); }

  const fault = takeFault(state, url.pathname);
  if (fault?.kind === 'timeout') { log(0); return; } // never answered: the client's timeout must fire
  if (fault?.kind === 'status') {
    log(fault.status);
    const title = fault.status === 429 ? 'Too Many Requests' : fault.status === 503 ? 'Service Unavailable' : 'Internal Server Error';
    return sendProblem(res, problem(fault.status, title, 'Injected by the fake.'));
  }
  if (badJson) {
    log(400);
    return sendProblem(res, problem(400, 'JSON Parse Error', 'We encountered an unspecified JSON parsing error.'));
  }
  const failing = new Map(fault?.kind === 'member-error' ? [[subscriberHash(fault.emailAddress), fault.error ?? 'Injected per-member error.']] : []);
  const answer = route(state, method, url, body, failing);
  log(answer.status);
  if ('title' in answer) return sendProblem(res, answer);
  res.writeHead(answer.status, answer.body === undefined ? {} : { 'content-type': 'application/json' });
  res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
}

function route(state: FakeMailchimpState, method: string, url: URL, body: unknown, failing: Map<string, string>): Answer | Problem {
  const match = /^\/3\.0\/lists\/([^/]+)(\/members(?:\/([^/]+)(\/tags)?)?)?$/.exec(url.pathname);
  if (!match) return notFound();
  const [, listId = '', membersPath, hash, tags] = match;
  const audience = state.audiences.get(listId);
  if (!audience) return notFound();
  const now = new Date(state.now()).toISOString();
  const specPath = tags ? '/lists/{list_id}/members/{subscriber_hash}/tags'
    : hash ? '/lists/{list_id}/members/{subscriber_hash}' : membersPath ? '/lists/{list_id}/members' : '/lists/{list_id}';
  const key = `${method} ${specPath}`;
  if (method === 'PUT' || method === 'POST') {
    const errors = validateAgainstSpec(requestSchema(method, specPath), body);
    if (errors.length > 0) return problem(400, 'Invalid Resource', 'The resource submitted could not be validated. For field-specific details, see the \'errors\' array.', errors);
  }
  switch (key) {
    case 'GET /lists/{list_id}': return { status: 200, body: listJson(audience) };
    case 'POST /lists/{list_id}': return batchSubscribe(audience, body as BatchInput, {
      skipDuplicateCheck: url.searchParams.get('skip_duplicate_check') === 'true', failing, now,
    });
    case 'GET /lists/{list_id}/members': return listMembers(audience, url.searchParams);
    case 'GET /lists/{list_id}/members/{subscriber_hash}': return getMember(audience, hash ?? '');
    case 'PUT /lists/{list_id}/members/{subscriber_hash}': return upsertMember(audience, hash ?? '', body as UpsertInput, now);
    case 'GET /lists/{list_id}/members/{subscriber_hash}/tags': return listTags(audience, hash ?? '');
    case 'POST /lists/{list_id}/members/{subscriber_hash}/tags':
      return updateTags(audience, hash ?? '', (body as { tags: Array<{ name: string; status: 'active' | 'inactive' }> }).tags, now);
    default: return problem(405, 'Method Not Allowed', 'The requested method and resource are not compatible. See the Allow header for this resource\'s available methods.');
  }
}

function checkAuth(apiKey: string, header: string | undefined): Problem | undefined {
  if (!header) return problem(401, 'API Key Missing', 'Your request did not include an API key.');
  const [scheme, encoded = ''] = header.split(' ');
  const password = scheme?.toLowerCase() === 'basic' ? Buffer.from(encoded, 'base64').toString('utf8').split(':').slice(1).join(':') : '';
  if (password === apiKey) return undefined;
  return problem(401, 'API Key Invalid', 'Your API key may be invalid, or you\'ve attempted to access the wrong datacenter.');
}

function listJson(audience: FakeAudience): Record<string, unknown> {
  const count = (status: MemberStatus) => [...audience.members.values()].filter((m) => m.status === status).length;
  return {
    id: audience.id,
    name: audience.name,
    stats: { member_count: count('subscribed'), unsubscribe_count: count('unsubscribed'), cleaned_count: count('cleaned') },
  };
}

function sendProblem(res: ServerResponse, p: Problem): void {
  const instance = randomUUID();
  res.writeHead(p.status, { 'content-type': 'application/problem+json; charset=utf-8', 'x-request-id': instance });
  res.end(JSON.stringify({ type: ERROR_DOCS, title: p.title, status: p.status, detail: p.detail, instance, ...(p.errors && { errors: p.errors }) }));
}

const readBody = (req: IncomingMessage) => readFakeRequestBody(req, MAX_BODY);
