import type { FakeKlaviyoState } from './fake-klaviyo-state.js';
import type { TierName } from './fake-rate-limits.js';
import { changeListMembers, createList, getLists } from './fake-lists.js';
import { createImportJob, getImportErrors, pollImportJob } from './fake-profile-import.js';
import { getProfiles, type Answer } from './fake-profiles.js';
import { createEvent, createEventBulkJob } from './fake-events.js';
import { createSubscriptionJob } from './fake-subscriptions.js';

export interface RouteContext {
  state: FakeKlaviyoState;
  params: string[];
  query: URLSearchParams;
  /** Parsed and already valid against the spec's request schema when the route has `spec`. */
  body: unknown;
  now: number;
  baseUrl: string;
  rejectIndexes: () => number[];
}

export interface KlaviyoRoute {
  method: string;
  pattern: RegExp;
  /** Per-endpoint tier from the SDK docstrings (email-tools.md A.2, A.3, A.5, A.6). */
  tier: TierName;
  /** The spec path whose request body schema checks this route's body. */
  spec?: string;
  handle(context: RouteContext): Answer;
}

const ID = '([A-Za-z0-9_-]+)';
const iso = (ms: number) => new Date(ms).toISOString();
// Bodies are typed by the spec check that ran before the handler.
type Body<F extends (...args: never[]) => unknown, I extends number> = Parameters<F>[I];

export const KLAVIYO_ROUTES: KlaviyoRoute[] = [
  { method: 'GET', pattern: /^\/api\/lists$/, tier: 'L', handle: (c) => getLists(c.state, c.query, c.baseUrl) },
  {
    method: 'POST', pattern: /^\/api\/lists$/, tier: 'M', spec: '/api/lists',
    handle: (c) => createList(c.state, c.body as Body<typeof createList, 1>, iso(c.now), c.baseUrl),
  },
  ...(['POST', 'DELETE'] as const).map((method): KlaviyoRoute => ({
    method, pattern: new RegExp(`^/api/lists/${ID}/relationships/profiles$`), tier: 'M', spec: '/api/lists/{id}/relationships/profiles',
    handle: (c) => changeListMembers(c.state, c.params[0] ?? '', method, c.body as Body<typeof changeListMembers, 3>),
  })),
  {
    method: 'POST', pattern: /^\/api\/profile-bulk-import-jobs$/, tier: 'M', spec: '/api/profile-bulk-import-jobs',
    handle: (c) => createImportJob(c.state, c.body as Body<typeof createImportJob, 1>, c.rejectIndexes(), iso(c.now), c.baseUrl),
  },
  {
    method: 'GET', pattern: new RegExp(`^/api/profile-bulk-import-jobs/${ID}$`), tier: 'M',
    handle: (c) => pollImportJob(c.state, c.params[0] ?? '', iso(c.now), c.baseUrl),
  },
  {
    method: 'GET', pattern: new RegExp(`^/api/profile-bulk-import-jobs/${ID}/import-errors$`), tier: 'M',
    handle: (c) => getImportErrors(c.state, c.params[0] ?? '', c.query, c.baseUrl),
  },
  { method: 'GET', pattern: /^\/api\/profiles$/, tier: 'L', handle: (c) => getProfiles(c.state, c.query, c.baseUrl) },
  {
    method: 'POST', pattern: /^\/api\/events$/, tier: 'XL', spec: '/api/events',
    handle: (c) => createEvent(c.state, c.body as Body<typeof createEvent, 1>, c.now),
  },
  {
    method: 'POST', pattern: /^\/api\/event-bulk-create-jobs$/, tier: 'M', spec: '/api/event-bulk-create-jobs',
    handle: (c) => createEventBulkJob(c.state, c.body as Body<typeof createEventBulkJob, 1>, c.now),
  },
  {
    method: 'POST', pattern: /^\/api\/profile-subscription-bulk-create-jobs$/, tier: 'L', spec: '/api/profile-subscription-bulk-create-jobs',
    handle: (c) => createSubscriptionJob(c.state, c.body as Body<typeof createSubscriptionJob, 1>, c.now),
  },
];
