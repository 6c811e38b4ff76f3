import { NoOfflineSessionError } from '../../auth/create-offline-sessions.js';
import { AdminGraphqlError } from '../../shopify/admin-graphql-error.js';
import type { GraphqlErrorEntry } from '../../shopify/create-admin-graphql-client.js';
import { AccessTokenError } from '../../shopify/create-access-token-client.js';
import { DestinationError } from '../destination-error.js';

/**
 * What a failed Admin GraphQL call means for the sync engine's status classes: 401/403 pause the
 * destination, 429 waits, 5xx and 0 (network, timeout) are retried. The Admin client has already waited
 * out THROTTLED answers and 429s a few times before giving up.
 */
export function toDestinationError(err: unknown): DestinationError {
  if (err instanceof DestinationError) return err;
  if (err instanceof AdminGraphqlError) {
    if (err.kind === 'throttled') return new DestinationError(429, 'throttled', 'Shopify kept throttling the Admin API.');
    if (err.kind === 'graphql') return fromGraphqlErrors(err.details as GraphqlErrorEntry[]);
    if (err.kind === 'user_errors') return new DestinationError(422, 'user_errors', err.message);
    return fromHttpStatus(err.status);
  }
  if (err instanceof NoOfflineSessionError) return new DestinationError(401, 'no_offline_session', 'The app has no access token for this shop; the merchant must open the app once.');
  if (err instanceof AccessTokenError) {
    return err.status >= 500
      ? new DestinationError(err.status, 'server_error', 'Shopify could not refresh the access token.')
      : new DestinationError(401, 'credentials_rejected', `Shopify refused to refresh the access token (${err.oauthError}); the merchant must open the app.`);
  }
  // fetch rejects with a TypeError when the connection fails and a TimeoutError when AbortSignal.timeout fires.
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return new DestinationError(0, 'timeout', 'Shopify did not answer in time.');
  if (err instanceof TypeError) return new DestinationError(0, 'network', `Shopify could not be reached: ${err.message}`);
  throw err;
}

function fromHttpStatus(status: number): DestinationError {
  if (status === 401) return new DestinationError(401, 'credentials_rejected', 'Shopify refused the app\'s access token (HTTP 401); the merchant must open the app.');
  // 402: the shop is frozen (unpaid); 423: locked. Both pause the destination like a refused token until the merchant acts.
  if (status === 403 || status === 402 || status === 423) return new DestinationError(403, 'shop_unavailable', `Shopify refused access to the shop (HTTP ${status}).`);
  if (status >= 500) return new DestinationError(status, 'server_error', `Shopify failed (HTTP ${status}).`);
  return new DestinationError(status, 'http_error', `Shopify answered HTTP ${status}.`);
}

/** Top-level GraphQL errors that concern the whole call rather than one customer. */
export function fromGraphqlErrors(errors: readonly GraphqlErrorEntry[]): DestinationError {
  const codes = errors.map((e) => e.extensions?.code ?? '');
  const text = errors.map((e) => e.message).join('; ').slice(0, 500) || 'no data';
  if (codes.includes('ACCESS_DENIED')) return new DestinationError(403, 'access_denied', `The app may not change customer tags (write_customers): ${text}`);
  return new DestinationError(500, 'graphql_error', `Admin GraphQL error: ${text}`);
}

/** Errors a retry can fix (Shopify's own failure) as opposed to ones about the request or a customer. */
export function isTransientGraphqlError(errors: readonly GraphqlErrorEntry[]): boolean {
  return errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || e.extensions?.code === 'SERVICE_UNAVAILABLE');
}
