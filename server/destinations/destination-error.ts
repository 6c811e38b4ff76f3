/**
 * A remote call that failed as a whole. status is the HTTP status, or 0 for a network error or timeout;
 * the engine decides what happens next from it (server/destinations/sync/, the status-class table).
 */
export class DestinationError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** From Retry-After (or the remote's equivalent) on a 429, in milliseconds. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'DestinationError';
  }
}
