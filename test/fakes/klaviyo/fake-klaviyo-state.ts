export type JobStatus = 'queued' | 'processing' | 'complete' | 'cancelled';

export interface FakeList { id: string; name: string; optInProcess: string; created: string; updated: string }

export interface FakeProfile {
  id: string;
  email?: string;
  phoneNumber?: string;
  externalId?: string;
  attributes: Record<string, unknown>;
  properties: Record<string, unknown>;
  created: string;
  updated: string;
  /** Email marketing as Klaviyo reports it with additional-fields[profile]=subscriptions. */
  emailMarketing: FakeEmailMarketing;
}

export interface FakeEmailMarketing {
  consent: 'NEVER_SUBSCRIBED' | 'SUBSCRIBED' | 'UNSUBSCRIBED';
  consentTimestamp: string | null;
  method: string | null;
  doubleOptin: boolean | null;
  /** Global suppressions (spec EmailMarketingSuppression): HARD_BOUNCE, INVALID_EMAIL, SPAM_COMPLAINT, UNSUBSCRIBE, USER_SUPPRESSED. */
  suppressions: { reason: string; timestamp: string }[];
}

/** One accepted subscribe job, as sent (for assertions). */
export interface FakeSubscriptionJob { historicalImport: boolean; customSource: string | null; listId: string | null; emails: string[] }

export interface FakeImportError { index: number; code: string; title: string; detail: string; pointer: string; originalPayload: unknown }

export interface FakeJob {
  id: string;
  status: JobStatus;
  /** Each GET moves the job one step; profiles land when it reaches `complete`. */
  polls: number;
  listIds: string[];
  profiles: Record<string, unknown>[];
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  completedCount: number;
  failedCount: number;
  errors: FakeImportError[];
  profileIds: string[];
}

export interface FakeEvent {
  id: string;
  metric: string;
  profileId: string;
  uniqueId: string;
  properties: Record<string, unknown>;
  time: string;
  value?: number;
}

export interface FakeRequest { method: string; path: string; status: number; at: number }

export interface FakeKlaviyoState {
  lists: Map<string, FakeList>;
  profiles: Map<string, FakeProfile>;
  /** list id → profile ids */
  memberships: Map<string, Set<string>>;
  events: FakeEvent[];
  jobs: Map<string, FakeJob>;
  requests: FakeRequest[];
  subscriptionJobs: FakeSubscriptionJob[];
  /** Indexes so a 50,000-member bench stays linear: lower-cased email → profile id; event dedupe keys. */
  profileIdsByEmail: Map<string, string>;
  eventKeys: Set<string>;
  /** Lower-cased emails every bulk import refuses with a per-index 400 (fake.refuseEmail). */
  refusedEmails: Set<string>;
  nextId: number;
}

export function createFakeKlaviyoState(): FakeKlaviyoState {
  return {
    lists: new Map(), profiles: new Map(), memberships: new Map(), events: [], jobs: new Map(), requests: [], subscriptionJobs: [], refusedEmails: new Set(), profileIdsByEmail: new Map(), eventKeys: new Set(), nextId: 1,
  };
}

/** Deterministic ids of Klaviyo's shapes: 6 characters for lists, 26 (ULID-like) for the rest. */
export function nextId(state: FakeKlaviyoState, kind: 'list' | 'profile' | 'job' | 'event'): string {
  const n = String(state.nextId++);
  if (kind === 'list') return `L${n.padStart(5, '0')}`;
  const prefix = { profile: '01P', job: '01J', event: '01E' }[kind];
  return `${prefix}${n.padStart(23, '0')}`;
}

export function membersOf(state: FakeKlaviyoState, listId: string): Set<string> {
  let members = state.memberships.get(listId);
  if (!members) state.memberships.set(listId, (members = new Set()));
  return members;
}
