/**
 * What a failed job records and logs about its error: the error's class and code, never its message,
 * which may quote payload contents (a zod message, an email in a constraint error).
 */
export function describeJobError(err: unknown): string {
  if (!(err instanceof Error)) return 'non-error thrown';
  const code = (err as { code?: unknown }).code;
  const issues = (err as { issues?: unknown }).issues;
  const parts = [err.name || 'Error'];
  if (typeof code === 'string' && code.length <= 64) parts.push(code);
  // zod: which fields failed, by path (field names are ours, not the customer's).
  if (Array.isArray(issues)) {
    const paths = issues.slice(0, 5).map((i: { path?: unknown }) => (Array.isArray(i.path) ? i.path.join('.') : '?'));
    parts.push(`at ${paths.join(', ')}`);
  }
  return parts.join(' ').slice(0, 200);
}
