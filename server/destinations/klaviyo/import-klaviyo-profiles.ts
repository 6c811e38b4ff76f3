import { DestinationError } from '../destination-error.js';
import type { KlaviyoTransport } from './klaviyo-transport.js';
import { IMPORT_ENVELOPE_BYTES, importJobBody, type ImportProfile } from './klaviyo-bodies.js';
import { chunkByCountAndBytes } from './chunk-by-count-and-bytes.js';
import { klaviyoErrors, pointerIndex } from './klaviyo-error-body.js';
import { IMPORT_ERRORS, IMPORT_JOB, readAnswer } from './klaviyo-responses.js';
import type { ItemOutcome } from './item-outcome.js';

export interface ImportLimits {
  /** Klaviyo: 10,000 profiles per job. */
  maxProfilesPerJob: number;
  /** Klaviyo: 5 MB per job; 4.6 MB leaves headroom (email-tools.md A.3). */
  maxJobBytes: number;
  /** Klaviyo: 100 KB per profile. */
  maxProfileBytes: number;
}

export interface JobPolling {
  sleep: (ms: number) => Promise<void>;
  firstPollMs: number;
  maxPollMs: number;
  /** A job not complete after this long is given up on (the engine retries; importing again is harmless). */
  maxJobWaitMs: number;
}

const PROFILES = '/data/attributes/profiles/data';

/**
 * Upserts profiles into a list with bulk import jobs, chunked by count and bytes, and returns one
 * outcome per profile. A synchronous 400 naming profiles drops only those and sends the rest once
 * more; a completed job with failures has its import errors read and those profiles refused.
 */
export async function importKlaviyoProfiles(
  transport: KlaviyoTransport, polling: JobPolling, limits: ImportLimits, listId: string, profiles: readonly ImportProfile[],
): Promise<ItemOutcome[]> {
  const outcomes: (ItemOutcome | undefined)[] = new Array(profiles.length).fill(undefined);
  const sizes = profiles.map((p) => Buffer.byteLength(JSON.stringify(p)) + 1);
  const fitting: number[] = [];
  sizes.forEach((size, index) => {
    if (size > limits.maxProfileBytes) outcomes[index] = refused(400, 'profile_too_large', `The profile is over Klaviyo's ${limits.maxProfileBytes} byte limit.`);
    else fitting.push(index);
  });
  const chunks = chunkByCountAndBytes(fitting, (i) => sizes[i] ?? 0, { maxCount: limits.maxProfilesPerJob, maxBytes: limits.maxJobBytes - IMPORT_ENVELOPE_BYTES });

  const jobs: { id: string; indexes: number[] }[] = [];
  for (const chunk of chunks) {
    const job = await submitJob(transport, listId, profiles, chunk, outcomes);
    if (job) jobs.push(job);
  }
  for (const job of jobs) {
    const failedCount = await pollUntilDone(transport, polling, job.id);
    if (failedCount === 'cancelled') {
      for (const i of job.indexes) outcomes[i] = { result: 'retry', status: 409, code: 'job_cancelled', message: 'The Klaviyo import job was cancelled.' };
      continue;
    }
    if (failedCount > 0) await readImportErrors(transport, job, profiles, outcomes);
    for (const i of job.indexes) outcomes[i] ??= { result: 'ok' };
  }
  return outcomes.map((o) => o ?? { result: 'retry', status: 0, code: 'not_sent', message: 'The profile was not sent.' });
}

/** POST the job; on a per-profile 400, refuse those profiles and send the rest once more. */
async function submitJob(
  transport: KlaviyoTransport, listId: string, profiles: readonly ImportProfile[], chunk: number[], outcomes: (ItemOutcome | undefined)[],
): Promise<{ id: string; indexes: number[] } | null> {
  let indexes = chunk;
  for (let attempt = 1; indexes.length > 0; attempt += 1) {
    const answer = await transport.send({
      method: 'POST', path: '/api/profile-bulk-import-jobs', tier: 'M', priority: 'high', accept: [400],
      body: importJobBody(indexes.map((i) => profiles[i] as ImportProfile), listId),
    });
    if (answer.status !== 400) return { id: readAnswer(IMPORT_JOB, answer.body, 'a bulk import').data.id, indexes };
    const errors = klaviyoErrors(answer.body);
    const pointed = errors.map((e) => ({ error: e, at: pointerIndex(e.pointer, PROFILES) }));
    const first = errors[0];
    if (pointed.length === 0 || pointed.some((p) => p.at === null || p.at.index >= indexes.length)) {
      // Not about particular profiles (a bad list id...): the whole chunk is refused, as it would be again.
      for (const i of indexes) outcomes[i] = refused(400, first?.code ?? 'invalid', `Klaviyo refused the import: ${first?.detail ?? 'no detail'}`);
      return null;
    }
    const bad = new Set<number>();
    for (const { error, at } of pointed) {
      if (!at) continue;
      const global = indexes[at.index] as number;
      bad.add(global);
      outcomes[global] = refused(400, error.code, `Klaviyo refused this profile${at.field ? ` (${at.field})` : ''}.`, at.field === 'email' ? 'invalid' : undefined);
    }
    indexes = indexes.filter((i) => !bad.has(i));
    if (attempt === 2) {
      for (const i of indexes) outcomes[i] = { result: 'retry', status: 400, code: 'import_refused_twice', message: 'Klaviyo refused the import twice; the profile is sent again later.' };
      return null;
    }
  }
  return null;
}

async function pollUntilDone(transport: KlaviyoTransport, polling: JobPolling, jobId: string): Promise<number | 'cancelled'> {
  let waited = 0;
  for (let delay = polling.firstPollMs; ; delay = Math.min(polling.maxPollMs, delay * 2)) {
    if (waited >= polling.maxJobWaitMs) {
      throw new DestinationError(504, 'job_timeout', `The Klaviyo import job did not complete within ${Math.round(polling.maxJobWaitMs / 1000)} s.`);
    }
    await polling.sleep(delay);
    waited += delay;
    const answer = await transport.send({ method: 'GET', path: `/api/profile-bulk-import-jobs/${encodeURIComponent(jobId)}`, tier: 'M', priority: 'high' });
    const job = readAnswer(IMPORT_JOB, answer.body, 'a bulk import poll').data.attributes;
    if (job.status === 'complete') return job.failed_count ?? 0;
    if (job.status === 'cancelled') return 'cancelled';
  }
}

const MAX_ERROR_PAGES = 200;

async function readImportErrors(
  transport: KlaviyoTransport, job: { id: string; indexes: number[] }, profiles: readonly ImportProfile[], outcomes: (ItemOutcome | undefined)[],
): Promise<void> {
  const byEmail = new Map(job.indexes.map((i) => [profiles[i]?.attributes.email.trim().toLowerCase(), i]));
  let path: string | null = `/api/profile-bulk-import-jobs/${encodeURIComponent(job.id)}/import-errors?page[size]=100`;
  for (let page = 0; path !== null && page < MAX_ERROR_PAGES; page += 1) {
    const answer = await transport.send({ method: 'GET', path, tier: 'M' });
    const body = readAnswer(IMPORT_ERRORS, answer.body, 'import errors');
    for (const error of body.data) {
      const at = pointerIndex(error.attributes.source?.pointer ?? null, PROFILES);
      const payloadEmail = emailOf(error.attributes.original_payload);
      const index = at && at.index < job.indexes.length ? job.indexes[at.index] : payloadEmail === undefined ? undefined : byEmail.get(payloadEmail);
      if (index === undefined) continue;
      const code = error.attributes.code ?? 'invalid';
      outcomes[index] = refused(400, code, `Klaviyo could not import this profile${at?.field ? ` (${at.field})` : ''}.`, at?.field === 'email' ? 'invalid' : undefined);
    }
    path = nextPath(body.links?.next ?? null);
  }
}

function emailOf(payload: unknown): string | undefined {
  const email = (payload as { attributes?: { email?: unknown } } | undefined)?.attributes?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : undefined;
}

/** links.next is an absolute URL on the API host; we keep only its path and query. */
function nextPath(next: string | null): string | null {
  if (!next) return null;
  try {
    const url = new URL(next);
    return url.pathname.startsWith('/api/') ? `${url.pathname}${url.search}` : null;
  } catch {
    return null;
  }
}

function refused(status: number, code: string, message: string, suppress?: 'invalid'): ItemOutcome {
  return { result: 'rejected', status, code, message, ...(suppress && { suppress }) };
}
