import { memberJson, problem, type FakeAudience, type FakeMember, type MemberStatus, type Problem } from './fake-mailchimp-state.js';
import { looksLikeEmail, subscriberHash, type Answer } from './fake-members.js';

export const MAX_BATCH_MEMBERS = 500;

export interface BatchInput {
  members: Array<{ email_address?: string; status?: MemberStatus; merge_fields?: Record<string, unknown> }>;
  update_existing?: boolean;
}

interface BatchError { email_address: string; error: string; error_code: 'ERROR_CONTACT_EXISTS' | 'ERROR_GENERIC'; field?: string; field_message?: string }

/**
 * POST /lists/{id} (batch subscribe): answers 200 even when members fail; each failure is an entry of
 * `errors[]`. Items carry `status` (the spec subset has no `status_if_new` here), which is applied to new
 * members and, with `update_existing`, to existing ones, where opting an opt-out back in fails per member.
 */
export function batchSubscribe(
  audience: FakeAudience,
  input: BatchInput,
  options: { skipDuplicateCheck: boolean; failing: Map<string, string>; now: string },
): Answer | Problem {
  if (input.members.length > MAX_BATCH_MEMBERS) {
    return problem(400, 'Invalid Resource', `Up to ${MAX_BATCH_MEMBERS} members may be added or updated with each API call.`,
      [{ field: 'members', message: `Received ${input.members.length} members; the limit is ${MAX_BATCH_MEMBERS}.` }]);
  }
  const created: FakeMember[] = [];
  const updated: FakeMember[] = [];
  const errors: BatchError[] = [];
  const seen = new Set<string>();
  for (const item of input.members) {
    const email = (item.email_address ?? '').trim();
    const fail = (error: string, code: BatchError['error_code'] = 'ERROR_GENERIC', field?: string) => {
      errors.push({ email_address: email, error, error_code: code, ...(field && { field, field_message: error }) });
    };
    if (!looksLikeEmail(email)) { fail(`${email} looks fake or invalid, please enter a real email address.`, 'ERROR_GENERIC', 'email_address'); continue; }
    const hash = subscriberHash(email);
    if (seen.has(hash)) {
      if (!options.skipDuplicateCheck) fail(`${email} appears more than once in this request.`);
      continue;
    }
    seen.add(hash);
    const injected = options.failing.get(hash);
    if (injected !== undefined) { fail(injected); continue; }
    if (audience.forgotten.has(hash)) { fail(`${email} was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.`); continue; }
    const existing = audience.members.get(hash);
    if (!existing) {
      if (!item.status) { fail('A status is required for new members.', 'ERROR_GENERIC', 'status'); continue; }
      if (audience.complianceHeld.has(hash) && (item.status === 'subscribed' || item.status === 'pending')) {
        fail(`${email} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`);
        continue;
      }
      const member: FakeMember = { id: hash, emailAddress: email, status: item.status, tags: new Map(), mergeFields: { ...item.merge_fields }, lastChanged: options.now };
      audience.members.set(hash, member);
      created.push(member);
      continue;
    }
    if (!input.update_existing) { fail(`${email} is already a list member. Use PUT to insert or update list members.`, 'ERROR_CONTACT_EXISTS'); continue; }
    if (existing.status === 'cleaned') { fail(`${email} is cleaned and cannot be edited.`); continue; }
    if (item.status && (item.status === 'subscribed' || item.status === 'pending') && existing.status === 'unsubscribed') {
      fail(`${email} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`);
      continue;
    }
    if (item.status) existing.status = item.status;
    existing.mergeFields = { ...existing.mergeFields, ...item.merge_fields };
    existing.lastChanged = options.now;
    updated.push(existing);
  }
  return {
    status: 200,
    body: {
      new_members: created.map((m) => memberJson(audience.id, m)),
      updated_members: updated.map((m) => memberJson(audience.id, m)),
      errors,
      total_created: created.length,
      total_updated: updated.length,
      error_count: errors.length,
    },
  };
}
