import type { Clock } from '../../clock.js';
import type { DestinationClient, OperationOutcome, SyncOperation } from '../destination-client.js';
import { DestinationError } from '../destination-error.js';
import { HttpTransportError, type HttpClient, type HttpResponse } from '../http/http-client.js';
import { createConcurrencyLimiter, type ConcurrencyLimiter } from '../http/create-concurrency-limiter.js';
import { parseRetryAfter } from '../http/parse-retry-after.js';
import { mailchimpTagName, subscriberHash } from './mailchimp-names.js';
import { readMailchimpProblem, rejectedMember } from './read-mailchimp-problem.js';

export interface MailchimpClientOptions {
  /** `https://<dc>.api.mailchimp.com/3.0` with the data center already filled in. */
  baseUrl: string;
  apiKey: string;
  audienceId: string;
  http: HttpClient;
  clock: Clock;
  sleep?: (ms: number) => Promise<void>;
  /** Mailchimp's connection limit is per API key: clients for the same key should share one limiter. */
  limiter?: ConcurrencyLimiter;
}

/** One under Mailchimp's 10 simultaneous connections per key, as Grouparoo does (email-tools.md §B.6). */
export const MAILCHIMP_MAX_CONNECTIONS = 9;
/** Mailchimp's 429 means too many connections; it sends no Retry-After, so back off 1, 2, 4 s, then give up. */
const THROTTLE_RETRIES = 3;
/** A full window of connections failing in a row with nothing succeeding in between: Mailchimp is down. */
const DOWN_AFTER = MAILCHIMP_MAX_CONNECTIONS;

type Transient = { kind: 'transient'; status: number; code: string; message: string };
type MemberResult = { kind: 'done'; outcome: OperationOutcome } | Transient;

/** Shared by the operations of one apply() call: once one fails the call, the others stop sending. */
interface CallState { fatal: DestinationError | null; down: Transient | null; streak: number }
class Stopped extends Error {}

/**
 * Mailchimp destination (email-tools.md §B): one audience, one tag per linked segment.
 *
 * - Adds and updates: `PUT /lists/{id}/members/{md5}` with `status_if_new` only (subscribed with recorded
 *   consent, else transactional), never `status`, so an unsubscribed or cleaned member is never opted back
 *   in; then `POST .../tags` with the segment's tag `active`. Removes set the tag `inactive`; nothing is
 *   ever unsubscribed, archived or deleted.
 * - Per-member PUT rather than batch subscribe (`POST /lists/{id}`, ≤ 500): batch items carry `status`,
 *   not `status_if_new` (spec subset), so a batch would either overwrite opt-outs (update_existing) or
 *   skip existing members entirely, and tags would still need one call per member.
 * - Membership only: our `ss_` properties are not sent. Mailchimp stores custom data in merge fields,
 *   which must be created per audience first (and are limited and shared with the merchant's own), so
 *   the merchant targets the tag, not properties. `is_syncing` is left off so tag automations fire.
 * - At most 9 requests in flight (the limiter); 429 is waited out a few times, then the call fails.
 * - Failures: 401/403 fail the whole call (credentials). A member's 4xx is final for it ('rejected'; the
 *   compliance, forgotten, cleaned and fake-address cases also suppress it). A member's 5xx or timeout
 *   is 'retry' for that member when others in the call got through; when none did, or 9 in a row failed,
 *   the call throws DestinationError and the engine re-sends it whole (every step is idempotent).
 */
export function createMailchimpClient(options: MailchimpClientOptions): DestinationClient {
  const { http, clock, audienceId } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const limiter = options.limiter ?? createConcurrencyLimiter(MAILCHIMP_MAX_CONNECTIONS);
  const headers = {
    authorization: `Basic ${Buffer.from(`shopper-segments:${options.apiKey}`).toString('base64')}`,
    'content-type': 'application/json',
    accept: 'application/json',
  };
  const list = `/lists/${encodeURIComponent(audienceId)}`;

  /** One request: throws DestinationError for whole-call failures, returns a Transient for this request's own. */
  async function call(state: CallState | null, method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<HttpResponse | Transient> {
    for (let attempt = 0; ; attempt++) {
      let res: HttpResponse;
      try {
        res = await limiter.run(async () => {
          if (state && (state.fatal || state.down)) throw new Stopped();
          const answer = await http.send({ method, url: `${baseUrl}${path}`, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
          // Recorded before the slot is freed, so no queued request of this call goes out after a refused key.
          if (state && (answer.status === 401 || answer.status === 403)) state.fatal ??= credentialsRejected(answer);
          return answer;
        });
      } catch (err) {
        if (err instanceof HttpTransportError) return { kind: 'transient', status: 0, code: err.timedOut ? 'timeout' : 'network', message: `Mailchimp did not answer: ${err.message}` };
        throw err;
      }
      if (res.status === 429) {
        const retryAfterMs = parseRetryAfter(res.headers['retry-after'], clock.now());
        if (attempt < THROTTLE_RETRIES) { await sleep(retryAfterMs ?? 1000 * 2 ** attempt); continue; }
        throw new DestinationError(429, 'throttled', 'Mailchimp kept answering 429 (too many connections).', retryAfterMs);
      }
      if (res.status === 401 || res.status === 403) throw state?.fatal ?? credentialsRejected(res);
      return res;
    }
  }

  /** 2xx → null (go on); 4xx → final for the member; anything else → transient. */
  function failureOf(res: HttpResponse | Transient, okStatuses: readonly number[] = []): MemberResult | null {
    if ('kind' in res) return res;
    if ((res.status >= 200 && res.status < 300) || okStatuses.includes(res.status)) return null;
    const problem = readMailchimpProblem(res);
    if (res.status >= 400 && res.status < 500) return { kind: 'done', outcome: rejectedMember(problem) };
    return { kind: 'transient', status: res.status, code: res.status >= 500 ? 'server_error' : 'unexpected_status', message: `Mailchimp failed: ${problem.title}.` };
  }

  const setTag = (state: CallState, hash: string, tag: string, status: 'active' | 'inactive') =>
    call(state, 'POST', `${list}/members/${hash}/tags`, { tags: [{ name: tag, status }] });

  async function applyOne(state: CallState, tag: string, op: SyncOperation): Promise<MemberResult> {
    if (op.op === 'remove') {
      const hash = op.remoteId && /^[0-9a-f]{32}$/.test(op.remoteId) ? op.remoteId : op.email ? subscriberHash(op.email) : null;
      if (hash === null) return { kind: 'done', outcome: { result: 'rejected', status: 422, code: 'no_identity', message: 'Neither the address nor the subscriber hash of this member is known.' } };
      // 404: not in the audience (any more), so it carries no tag either.
      return failureOf(await setTag(state, hash, tag, 'inactive'), [404]) ?? { kind: 'done', outcome: { result: 'ok', remoteId: hash } };
    }
    const { member } = op;
    if (!member.email) return { kind: 'done', outcome: { result: 'rejected', status: 422, code: 'no_email', message: 'Mailchimp needs an email address.' } };
    const hash = subscriberHash(member.email);
    const put = await call(state, 'PUT', `${list}/members/${hash}`, {
      email_address: member.email.trim(),
      status_if_new: member.marketingConsent ? 'subscribed' : 'transactional',
    });
    const putFailure = failureOf(put);
    if (putFailure) return putFailure;
    if (memberStatus(put as HttpResponse) === 'cleaned') {
      return { kind: 'done', outcome: { result: 'rejected', status: 400, code: 'member_cleaned', message: 'Mailchimp cleaned this address (it bounced); it is not synced again.', suppress: 'cleaned' } };
    }
    const tagFailure = failureOf(await setTag(state, hash, tag, 'active'));
    if (tagFailure) return tagFailure;
    // The address changed since the last sync: take the tag off the old member.
    if (op.op === 'update' && op.remoteId && op.remoteId !== hash && /^[0-9a-f]{32}$/.test(op.remoteId)) {
      const oldFailure = failureOf(await setTag(state, op.remoteId, tag, 'inactive'), [404]);
      if (oldFailure) return oldFailure;
    }
    return { kind: 'done', outcome: { result: 'ok', remoteId: hash } };
  }

  return {
    kind: 'mailchimp',
    batchSize: 500,

    async verify() {
      const res = await call(null, 'GET', list);
      if ('kind' in res) throw new DestinationError(res.status, res.code, res.message);
      if (res.status === 200) return;
      const problem = readMailchimpProblem(res);
      if (res.status === 404) throw new DestinationError(404, 'audience_not_found', `Mailchimp has no audience ${audienceId} for this API key.`);
      throw new DestinationError(res.status, res.status >= 500 ? 'server_error' : 'refused', `Mailchimp answered HTTP ${res.status}: ${problem.title}.`);
    },

    // Tags need no creating: Mailchimp creates one the first time it is set active. A linked segment
    // keeps the tag it got first, so a renamed segment does not strand its members under the old tag.
    async ensureTarget(target) {
      return target.remoteRef ?? mailchimpTagName(target.segmentName);
    },

    async apply(target, ops) {
      const state: CallState = { fatal: null, down: null, streak: 0 };
      let reached = false;
      const results = await Promise.all(ops.map(async (op): Promise<MemberResult | null> => {
        try {
          const result = await applyOne(state, target.remoteRef, op);
          if (result.kind === 'done') { reached = true; state.streak = 0; }
          else if (++state.streak >= DOWN_AFTER) state.down ??= result;
          return result;
        } catch (err) {
          if (err instanceof Stopped) return null;
          if (err instanceof DestinationError) { state.fatal ??= err; return null; }
          throw err;
        }
      }));
      if (state.fatal) throw state.fatal;
      const firstTransient = state.down ?? results.find((r): r is Transient => r?.kind === 'transient');
      if (firstTransient && (state.down || !reached)) {
        throw new DestinationError(firstTransient.status, firstTransient.code, firstTransient.message);
      }
      return results.map((r): OperationOutcome => {
        if (r === null) throw new Error('unreachable: an operation was skipped without a failed call');
        return r.kind === 'done' ? r.outcome : { result: 'retry', status: r.status, code: r.code, message: r.message };
      });
    },
  };
}

function credentialsRejected(res: HttpResponse): DestinationError {
  return new DestinationError(res.status, 'credentials_rejected', `Mailchimp refused the API key: ${readMailchimpProblem(res).title}.`);
}

function memberStatus(res: HttpResponse): string | null {
  try {
    const status = (JSON.parse(res.body) as { status?: unknown }).status;
    return typeof status === 'string' ? status : null;
  } catch {
    return null;
  }
}
