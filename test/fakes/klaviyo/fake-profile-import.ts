import type { FakeJob, FakeKlaviyoState } from './fake-klaviyo-state.js';
import { membersOf, nextId } from './fake-klaviyo-state.js';
import { invalid, klaviyoError, notFound } from './klaviyo-errors.js';
import { isValidEmail, pageSize, upsertProfile, type Answer } from './fake-profiles.js';

export const MAX_PROFILES_PER_JOB = 10_000;
export const MAX_JOB_BYTES = 5 * 1024 * 1024;
export const MAX_PROFILE_BYTES = 100 * 1024;

interface ImportBody {
  data: {
    attributes: { profiles: { data: Record<string, unknown>[] } };
    relationships?: { lists?: { data?: { id: string }[] } };
  };
}

const profilePointer = (index: number) => `/data/attributes/profiles/data/${index}`;

/**
 * POST /api/profile-bulk-import-jobs (body already checked against the spec). Limits, the injected
 * per-index 400 and refused emails (fake.refuseEmail) are all-or-nothing, with one error per bad
 * profile pointing at its index.
 */
export function createImportJob(state: FakeKlaviyoState, body: ImportBody, rejectIndexes: number[], at: string, baseUrl: string): Answer {
  const profiles = body.data.attributes.profiles.data;
  if (profiles.length > MAX_PROFILES_PER_JOB) {
    return invalid(`A job may contain at most ${MAX_PROFILES_PER_JOB} profiles.`, { pointer: '/data/attributes/profiles/data' });
  }
  const tooLarge = profiles.flatMap((p, i) => (Buffer.byteLength(JSON.stringify(p)) > MAX_PROFILE_BYTES ? [i] : []));
  const refused = profiles.flatMap((p, i) => {
    const email = (p.attributes as Record<string, unknown> | undefined)?.email;
    return typeof email === 'string' && state.refusedEmails.has(email.trim().toLowerCase()) ? [i] : [];
  });
  const rejected = [...new Set([...rejectIndexes.filter((i) => i < profiles.length), ...tooLarge, ...refused])].sort((a, b) => a - b);
  if (rejected.length > 0) {
    return {
      status: 400,
      body: { errors: rejected.map((i) => klaviyoError(400, 'invalid', tooLarge.includes(i) ? 'Profile exceeds 100 KB.' : refused.includes(i) ? 'Invalid email address.' : 'Invalid profile.', { pointer: `${profilePointer(i)}/attributes/email` })) },
    };
  }
  const listIds = (body.data.relationships?.lists?.data ?? []).map((l) => l.id);
  const unknown = listIds.findIndex((id) => !state.lists.has(id));
  if (unknown !== -1) return invalid(`A list with id ${listIds[unknown]} does not exist.`, { pointer: `/data/relationships/lists/data/${unknown}/id` });
  const job: FakeJob = {
    id: nextId(state, 'job'), status: 'queued', polls: 0, listIds, profiles, createdAt: at, startedAt: null,
    completedAt: null, completedCount: 0, failedCount: 0, errors: [], profileIds: [],
  };
  state.jobs.set(job.id, job);
  return { status: 202, body: { data: jobResource(job, baseUrl) } };
}

/** GET /api/profile-bulk-import-jobs/{job_id}: each poll moves queued → processing → complete. */
export function pollImportJob(state: FakeKlaviyoState, jobId: string, at: string, baseUrl: string): Answer {
  const job = state.jobs.get(jobId);
  if (!job) return notFound(`A job with id ${jobId} does not exist.`);
  job.polls += 1;
  if (job.status === 'queued') Object.assign(job, { status: 'processing', startedAt: at });
  else if (job.status === 'processing') completeJob(state, job, at);
  return { status: 200, body: { data: jobResource(job, baseUrl) } };
}

/** Lets tests (and a bench) finish a job without polling it. */
export function completeJob(state: FakeKlaviyoState, job: FakeJob, at: string): void {
  if (job.status === 'complete') return;
  job.profiles.forEach((resource, index) => {
    const attributes = (resource.attributes ?? {}) as Record<string, unknown>;
    const hasIdentifier = ['email', 'phone_number', 'external_id', '_kx'].some((k) => typeof attributes[k] === 'string') || typeof resource.id === 'string';
    const badEmail = attributes.email !== undefined && attributes.email !== null && !isValidEmail(attributes.email);
    if (badEmail || !hasIdentifier) {
      const field = badEmail ? 'email' : '';
      job.errors.push({
        index, code: 'invalid', title: 'Invalid input.',
        detail: badEmail ? `Invalid email address: '${String(attributes.email)}'.` : 'A profile identifier is required.',
        pointer: `${profilePointer(index)}/attributes${field ? `/${field}` : ''}`, originalPayload: resource,
      });
      return;
    }
    const profile = upsertProfile(state, resource, at);
    job.profileIds.push(profile.id);
    for (const listId of job.listIds) membersOf(state, listId).add(profile.id);
  });
  Object.assign(job, {
    status: 'complete', startedAt: job.startedAt ?? at, completedAt: at,
    completedCount: job.profileIds.length, failedCount: job.errors.length,
  });
}

/** GET /api/profile-bulk-import-jobs/{id}/import-errors: page[size] default 20, max 100. */
export function getImportErrors(state: FakeKlaviyoState, jobId: string, query: URLSearchParams, baseUrl: string): Answer {
  const job = state.jobs.get(jobId);
  if (!job) return notFound(`A job with id ${jobId} does not exist.`);
  const size = pageSize(query, 20, 100);
  if (typeof size !== 'number') return size;
  const data = job.errors.slice(0, size).map((e) => ({
    type: 'import-error',
    id: `${job.id}-${e.index}`,
    attributes: { code: e.code, title: e.title, detail: e.detail, source: { pointer: e.pointer }, original_payload: e.originalPayload },
  }));
  return { status: 200, body: { data, links: { self: `${baseUrl}/api/profile-bulk-import-jobs/${job.id}/import-errors/`, next: null, prev: null } } };
}

function jobResource(job: FakeJob, baseUrl: string) {
  const self = `${baseUrl}/api/profile-bulk-import-jobs/${job.id}`;
  return {
    type: 'profile-bulk-import-job',
    id: job.id,
    attributes: {
      status: job.status,
      created_at: job.createdAt,
      total_count: job.profiles.length,
      completed_count: job.completedCount,
      failed_count: job.failedCount,
      completed_at: job.completedAt,
      expires_at: null,
      started_at: job.startedAt,
    },
    relationships: {
      lists: { data: job.listIds.map((id) => ({ type: 'list', id })), links: { self: `${self}/relationships/lists/`, related: `${self}/lists/` } },
      profiles: { links: { self: `${self}/relationships/profiles/`, related: `${self}/profiles/` } },
      'import-errors': { links: { related: `${self}/import-errors/` } },
    },
    links: { self: `${self}/` },
  };
}
