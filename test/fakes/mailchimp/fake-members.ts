import { createHash } from 'node:crypto';
import { memberJson, problem, tagId, type FakeAudience, type FakeMember, type MemberStatus, type Problem } from './fake-mailchimp-state.js';

export interface Answer { status: number; body?: unknown }

export function subscriberHash(email: string): string {
  return createHash('md5').update(email.trim().toLowerCase()).digest('hex');
}

/** Mailchimp rejects addresses that are not plausible before touching the member. */
export function looksLikeEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim());
}

/** Statuses an opt-out cannot be moved to by the API: only the person can opt in again. */
const OPT_IN: ReadonlySet<MemberStatus> = new Set(['subscribed', 'pending']);
const BLOCKED: ReadonlySet<MemberStatus> = new Set(['unsubscribed', 'cleaned']);

export function complianceProblem(email: string): Problem {
  return problem(400, 'Member In Compliance State',
    `${email} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`);
}

export function forgottenProblem(email: string): Problem {
  return problem(400, 'Forgotten Email Not Subscribed',
    `${email} was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.`);
}

export interface UpsertInput {
  email_address: string;
  status_if_new?: MemberStatus;
  status?: MemberStatus;
  merge_fields?: Record<string, unknown>;
}

/**
 * PUT /lists/{id}/members/{hash}: `status_if_new` only shapes a new member; `status` rewrites an existing one,
 * except that an unsubscribed or cleaned member cannot be opted in again, and a cleaned member is never edited.
 */
export function upsertMember(audience: FakeAudience, hash: string, input: UpsertInput, now: string): Answer | Problem {
  const email = input.email_address.trim();
  if (!looksLikeEmail(email)) {
    return problem(400, 'Invalid Resource', `${email} looks fake or invalid, please enter a real email address.`);
  }
  const expected = subscriberHash(email);
  if (hash !== expected) {
    return problem(400, 'Invalid Resource', 'The subscriber hash does not match the email address.',
      [{ field: 'subscriber_hash', message: 'Must be the MD5 hash of the lowercase email address.' }]);
  }
  if (audience.forgotten.has(hash)) return forgottenProblem(email);
  const existing = audience.members.get(hash);
  if (!existing) {
    const status = input.status ?? input.status_if_new ?? 'subscribed';
    if (audience.complianceHeld.has(hash) && OPT_IN.has(status)) return complianceProblem(email);
    const member: FakeMember = { id: hash, emailAddress: email, status, tags: new Map(), mergeFields: { ...input.merge_fields }, lastChanged: now };
    audience.members.set(hash, member);
    return { status: 200, body: memberJson(audience.id, member) };
  }
  if (input.status && OPT_IN.has(input.status) && BLOCKED.has(existing.status) && input.status !== existing.status) {
    return complianceProblem(email);
  }
  if (existing.status === 'cleaned') return { status: 200, body: memberJson(audience.id, existing) };
  if (input.status) existing.status = input.status;
  existing.emailAddress = email;
  existing.mergeFields = { ...existing.mergeFields, ...input.merge_fields };
  existing.lastChanged = now;
  return { status: 200, body: memberJson(audience.id, existing) };
}

export function getMember(audience: FakeAudience, hash: string): Answer | Problem {
  const member = audience.members.get(hash);
  return member ? { status: 200, body: memberJson(audience.id, member) } : notFound();
}

export function updateTags(audience: FakeAudience, hash: string, tags: Array<{ name: string; status: 'active' | 'inactive' }>, now: string): Answer | Problem {
  const member = audience.members.get(hash);
  if (!member) return notFound();
  for (const tag of tags) {
    const key = tag.name.trim().toLowerCase();
    if (!key) return problem(400, 'Invalid Resource', 'Tag names cannot be blank.', [{ field: 'tags.name', message: 'Required' }]);
    if (tag.status === 'inactive') member.tags.delete(key);
    else if (!member.tags.has(key)) member.tags.set(key, { name: tag.name.trim(), dateAdded: now });
  }
  return { status: 204 };
}

export function listTags(audience: FakeAudience, hash: string): Answer | Problem {
  const member = audience.members.get(hash);
  if (!member) return notFound();
  const tags = [...member.tags.values()].map(({ name, dateAdded }) => ({ id: tagId(name), name, date_added: dateAdded }));
  return { status: 200, body: { tags, total_items: tags.length } };
}

export function notFound(): Problem {
  return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
}

/** GET /lists/{id}/members: offset pagination (count ≤ 1000, default 10), optional `status` filter. */
export function listMembers(audience: FakeAudience, query: URLSearchParams): Answer | Problem {
  const count = Number(query.get('count') ?? '10');
  const offset = Number(query.get('offset') ?? '0');
  const status = query.get('status');
  const statuses = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional', 'archived'];
  const errors = [
    ...(!Number.isInteger(count) || count < 1 || count > 1000 ? [{ field: 'count', message: 'Must be an integer from 1 to 1000' }] : []),
    ...(!Number.isInteger(offset) || offset < 0 ? [{ field: 'offset', message: 'Must be a non-negative integer' }] : []),
    ...(status !== null && !statuses.includes(status) ? [{ field: 'status', message: `Must be one of: ${statuses.join(', ')}` }] : []),
  ];
  if (errors.length > 0) return problem(400, 'Invalid Resource', 'The resource submitted could not be validated.', errors);
  const matching = [...audience.members.values()].filter((m) => status === null || m.status === status);
  const page = matching.slice(offset, offset + count).map((m) => memberJson(audience.id, m));
  return { status: 200, body: { members: page, list_id: audience.id, total_items: matching.length } };
}
