import type { OperationOutcome, SuppressionReason, SyncOperation } from '../destination-client.js';
import type { BatchResult, OutboxRow } from '../../db/sync-queries.js';
import { DestinationError } from '../destination-error.js';
import { classifyFailure } from './classify-failure.js';
import { describeRemoteError } from './describe-remote-error.js';

export interface CallFailure {
  status: number;
  code: string;
  message: string;
  retryAfterMs: number | null;
}

/** A thrown error as the status table sees it. */
export const callFailureOf = (err: unknown): CallFailure => (err instanceof DestinationError
  ? { status: err.status, code: err.code, message: err.message, retryAfterMs: err.retryAfterMs }
  // A client bug or an unexpected body: retried like a network error, so it ends dead instead of looping.
  : { status: 0, code: 'client_error', message: err instanceof Error ? err.name : 'unexpected error', retryAfterMs: null });

export interface SettledBatch {
  result: BatchResult;
  /** Addresses the remote refused for good: suppressed for the destination in the same transaction. */
  suppress: { email: string; reason: SuppressionReason }[];
}

const emptyResult = (): BatchResult => ({
  done: [], dead: [], rescheduled: [], upsertMembers: [], deleteMembers: [],
  counters: { added: 0, updated: 0, removed: 0, failed: 0, done: 0 },
});

function fail(result: BatchResult, row: OutboxRow, failure: { status: number; code: string; message: string; retryAfterMs?: number | null }, now: number, random: () => number): void {
  const decision = classifyFailure(failure, row.attempts, random);
  const lastError = describeRemoteError(failure.code, failure.message);
  switch (decision.action) {
    case 'dead':
      result.dead.push({ id: row.id, attempts: decision.attempts, lastStatus: failure.status, lastError });
      result.counters.failed++;
      result.counters.done++;
      return;
    case 'wait':
      result.rescheduled.push({ id: row.id, attempts: row.attempts, nextAttemptAt: now + decision.delayMs, lastStatus: failure.status, lastError });
      return;
    case 'retry':
      result.rescheduled.push({ id: row.id, attempts: decision.attempts, nextAttemptAt: now + decision.delayMs, lastStatus: failure.status, lastError });
      return;
    case 'pause': {
      // An item-level 401/403 inside a call that went through is not about the credentials: treat it as transient.
      const retry = classifyFailure({ status: 0 }, row.attempts, random);
      if (retry.action === 'retry') result.rescheduled.push({ id: row.id, attempts: retry.attempts, nextAttemptAt: now + retry.delayMs, lastStatus: failure.status, lastError });
      else {
        result.dead.push({ id: row.id, attempts: row.attempts + 1, lastStatus: failure.status, lastError });
        result.counters.failed++;
        result.counters.done++;
      }
    }
  }
}

/** One outcome per operation (in order) → what changes in the outbox, destination_members and the run's counters. */
export function settleOutcomes(rows: readonly OutboxRow[], ops: readonly SyncOperation[], outcomes: readonly OperationOutcome[], now: number, random: () => number = Math.random): SettledBatch {
  const result = emptyResult();
  const suppress: SettledBatch['suppress'] = [];
  rows.forEach((row, i) => {
    const outcome = outcomes[i]!;
    const op = ops[i]!;
    if (outcome.result === 'ok') {
      result.done.push({ id: row.id, lastStatus: null });
      result.counters.done++;
      if (row.op === 'remove') {
        result.deleteMembers.push(row.profileId);
        result.counters.removed++;
      } else {
        result.upsertMembers.push({ profileId: row.profileId, remoteId: outcome.remoteId, propsHash: row.propsHash ?? '', enteredAt: row.enteredAt });
        if (row.op === 'add') result.counters.added++;
        else result.counters.updated++;
      }
    } else if (outcome.result === 'rejected') {
      result.dead.push({ id: row.id, attempts: row.attempts + 1, lastStatus: outcome.status, lastError: describeRemoteError(outcome.code, outcome.message) });
      result.counters.failed++;
      result.counters.done++;
      const email = op.op === 'remove' ? op.email : op.member.email;
      if (outcome.suppress && email) suppress.push({ email, reason: outcome.suppress });
    } else {
      fail(result, row, outcome, now, random);
    }
  });
  return { result, suppress };
}

/** The whole call failed with a status that is neither a pause nor a wait: every row is retried or dead. */
export function settleCallFailure(rows: readonly OutboxRow[], failure: CallFailure, now: number, random: () => number = Math.random): BatchResult {
  const result = emptyResult();
  for (const row of rows) fail(result, row, failure, now, random);
  return result;
}
