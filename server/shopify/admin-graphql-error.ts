/** A failed Admin GraphQL call, with what a log line or a job row needs to explain it. */
export class AdminGraphqlError extends Error {
  constructor(
    readonly kind: 'http' | 'graphql' | 'throttled' | 'user_errors',
    message: string,
    readonly status: number,
    readonly details: readonly unknown[] = [],
  ) {
    super(message);
  }
}

interface UserError {
  code?: string | null;
  field?: readonly string[] | null;
  message: string;
}

/** Mutations report validation failures in `userErrors` with HTTP 200; turn them into an error. */
export function throwOnUserErrors(mutation: string, payload: { userErrors?: readonly UserError[] } | null | undefined): void {
  const errors = payload?.userErrors ?? [];
  if (errors.length === 0) return;
  const text = errors.map((e) => `${e.code ?? 'ERROR'}${e.field?.length ? ` (${e.field.join('.')})` : ''}: ${e.message}`).join('; ');
  throw new AdminGraphqlError('user_errors', `${mutation} failed: ${text}`, 200, errors);
}
