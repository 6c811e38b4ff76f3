/**
 * The text kept on an outbox row or a run for the merchant: the remote's code and message, with any
 * address a remote echoed back (Mailchimp does: "x@y.com looks fake") replaced, and bounded.
 */
const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g;

export function describeRemoteError(code: string, message: string, max = 500): string {
  const text = `${code}: ${message.replace(EMAIL, '[address]')}`;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A message without its code, scrubbed the same way (for sync_runs.error_message and paused_message). */
export const scrubRemoteMessage = (message: string, max = 500): string => {
  const text = message.replace(EMAIL, '[address]');
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
};
