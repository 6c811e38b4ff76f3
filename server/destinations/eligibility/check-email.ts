import { domainToASCII } from 'node:url';
import { run as suggestEmail } from '@zootools/email-spell-checker';
import { isValid as passesMailchecker } from 'mailchecker';
import roles from 'role-based-email-addresses';
import isEmail from 'validator/lib/isEmail.js';
import { isOneEditApart } from './is-one-edit-apart.js';

export type EmailProblem = 'invalid_syntax' | 'disposable' | 'role_account';

/** typoSuggestion: the domain the address probably meant (gmial.com → gmail.com), shown, never applied. */
export type EmailCheck =
  | { ok: true; typoSuggestion: string | null }
  | { ok: false; reason: EmailProblem; typoSuggestion: string | null };

const SYNTAX = { require_tld: true, allow_ip_domain: false, allow_display_name: false };
const ROLE_LOCAL_PARTS: ReadonlySet<string> = new Set(roles.map((r) => r.toLowerCase()));

interface DomainVerdict { typoSuggestion: string | null; disposable: boolean }

// Both list checks depend on the domain alone, and a shop's addresses share a few dozen domains: the
// spell checker costs ~10 µs an address, which a 50,000-member sync would otherwise pay every run.
const verdicts = new Map<string, DomainVerdict>();
const MAX_CACHED_DOMAINS = 10_000;

function domainVerdict(domain: string): DomainVerdict {
  let verdict = verdicts.get(domain);
  if (verdict) return verdict;
  // A placeholder local part: only the domain is judged, and mailchecker's own (stricter, ASCII-only)
  // syntax test must not turn a valid Unicode local part or domain into "disposable".
  const ascii = domainToASCII(domain) || domain;
  const probe = `x@${ascii}`;
  const suggested = suggestEmail({ email: probe })?.domain ?? null;
  // The spell checker also "corrects" real domains two edits from a popular one (mac.com → mail.com,
  // gmx.net → cox.net, att.com → aol.com, protonmail.ch → protonmail.com): only one slip counts as a typo.
  const typoSuggestion = suggested !== null && isOneEditApart(ascii, suggested) ? suggested : null;
  verdict = { typoSuggestion, disposable: !passesMailchecker(probe) };
  if (verdicts.size >= MAX_CACHED_DOMAINS) verdicts.clear();
  verdicts.set(domain, verdict);
  return verdict;
}

/**
 * Email hygiene before an address is sent (email-tools.md §D): syntax, typo hint, disposable domain, role
 * account, in that order. Suppression is per destination and checked by the caller.
 *
 * Why a typo domain stays excluded: mailchecker lists typo-squatted domains (gmial.com, hotmial.com,
 * yaho.com) as disposable, because whoever owns them catches the mail. The typo check runs first so the
 * merchant sees "possible typo: gmail.com", but the address is neither corrected (the shopper typed it;
 * we cannot know they meant gmail) nor sent (it would hand the shopper's data to the squatter and bounce
 * or land in a trap): it is excluded as `disposable`, the list's own verdict, and counted as a hint too.
 * A typo hint on a domain the list does not flag (gmail.co) never excludes.
 */
export function checkEmail(email: string): EmailCheck {
  const address = email.trim();
  if (!isEmail(address, SYNTAX)) return { ok: false, reason: 'invalid_syntax', typoSuggestion: null };
  const at = address.lastIndexOf('@');
  const { typoSuggestion, disposable } = domainVerdict(address.slice(at + 1).toLowerCase());
  if (disposable) return { ok: false, reason: 'disposable', typoSuggestion };
  const local = address.slice(0, at).toLowerCase();
  const plus = local.indexOf('+');
  if (ROLE_LOCAL_PARTS.has(plus === -1 ? local : local.slice(0, plus))) return { ok: false, reason: 'role_account', typoSuggestion };
  return { ok: true, typoSuggestion };
}
