import type { OperationOutcome } from '../destination-client.js';
import type { HttpResponse } from '../http/http-client.js';

/** Mailchimp errors are RFC 7807 problem details (email-tools.md §B.6). */
export interface MailchimpProblem {
  status: number;
  title: string;
  /** With any address replaced, so it can be stored and shown (no personal data in rows or logs). */
  detail: string;
}

export function readMailchimpProblem(res: HttpResponse): MailchimpProblem {
  let json: { title?: unknown; detail?: unknown } = {};
  try { json = JSON.parse(res.body) as typeof json; } catch { /* not JSON: an HTML error page from a proxy */ }
  const title = typeof json.title === 'string' ? json.title.slice(0, 200) : `HTTP ${res.status}`;
  const detail = typeof json.detail === 'string' ? json.detail.replace(/\S+@\S+/g, '<address>').slice(0, 500) : '';
  return { status: res.status, title, detail };
}

const codeOf = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'error';

/**
 * A member-level refusal, final for that member: the compliance, forgotten and fake-address answers
 * also suppress the address for this destination, as Mailchimp will refuse it every time.
 */
export function rejectedMember(problem: MailchimpProblem): Extract<OperationOutcome, { result: 'rejected' }> {
  const message = problem.detail ? `${problem.title}: ${problem.detail}` : problem.title;
  const base = { result: 'rejected' as const, status: problem.status, code: codeOf(problem.title), message };
  if (problem.title === 'Member In Compliance State') return { ...base, code: 'compliance_state', suppress: 'compliance' };
  if (problem.title === 'Forgotten Email Not Subscribed') return { ...base, code: 'forgotten_email', suppress: 'forgotten' };
  if (/looks fake or invalid/i.test(problem.detail)) return { ...base, code: 'invalid_address', suppress: 'invalid' };
  return base;
}
