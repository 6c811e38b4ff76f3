import type { OperationOutcome } from '../destination-client.js';

/** What one step decided for one item, before the remote id is attached. */
export type ItemOutcome = { result: 'ok' } | Exclude<OperationOutcome, { result: 'ok' }>;
