import { describe, expect, it } from 'vitest';
import type { SyncMember, SyncOperation } from '../../../server/destinations/destination-client.js';
import type { OutboxRow } from '../../../server/db/sync-queries.js';
import { settleCallFailure, settleOutcomes } from '../../../server/destinations/sync/settle-batch.js';
import { describeRemoteError } from '../../../server/destinations/sync/describe-remote-error.js';

const NOW = 1_000_000;
const half = () => 0.5;
const member = (profileId: number): SyncMember => ({
  profileId, email: `p${profileId}@example.com`, customerId: null, properties: {}, marketingConsent: true, consentedAt: null, enteredAt: 5,
});
const row = (id: number, op: OutboxRow['op'], attempts = 0): OutboxRow => ({ id, profileId: id, op, propsHash: op === 'remove' ? null : `h${id}`, enteredAt: 5, attempts });
const opOf = (r: OutboxRow): SyncOperation => (r.op === 'remove'
  ? { op: 'remove', profileId: r.profileId, email: `p${r.profileId}@example.com`, customerId: null, remoteId: null, enteredAt: 5 }
  : r.op === 'add' ? { op: 'add', member: member(r.profileId) } : { op: 'update', member: member(r.profileId), remoteId: 'r' });

describe('settleOutcomes', () => {
  it('records successes in destination_members and the counters', () => {
    const rows = [row(1, 'add'), row(2, 'update'), row(3, 'remove')];
    const { result, suppress } = settleOutcomes(rows, rows.map(opOf), [
      { result: 'ok', remoteId: 'K1' }, { result: 'ok', remoteId: null }, { result: 'ok', remoteId: null },
    ], NOW, half);
    expect(result.done.map((d) => d.id)).toEqual([1, 2, 3]);
    expect(result.upsertMembers).toEqual([
      { profileId: 1, remoteId: 'K1', propsHash: 'h1', enteredAt: 5 },
      { profileId: 2, remoteId: null, propsHash: 'h2', enteredAt: 5 },
    ]);
    expect(result.deleteMembers).toEqual([3]);
    expect(result.counters).toEqual({ added: 1, updated: 1, removed: 1, failed: 0, done: 3 });
    expect(suppress).toEqual([]);
  });

  it('a rejection is dead at once and suppresses the address when the remote says why', () => {
    const rows = [row(1, 'add'), row(2, 'add')];
    const { result, suppress } = settleOutcomes(rows, rows.map(opOf), [
      { result: 'rejected', status: 400, code: 'invalid_email', message: 'p1@example.com looks fake', suppress: 'invalid' },
      { result: 'rejected', status: 422, code: 'bad_property', message: 'no' },
    ], NOW, half);
    expect(result.dead).toEqual([
      { id: 1, attempts: 1, lastStatus: 400, lastError: 'invalid_email: [address] looks fake' },
      { id: 2, attempts: 1, lastStatus: 422, lastError: 'bad_property: no' },
    ]);
    expect(suppress).toEqual([{ email: 'p1@example.com', reason: 'invalid' }]);
    expect(result.counters).toEqual({ added: 0, updated: 0, removed: 0, failed: 2, done: 2 });
  });

  it('an item to retry spends an attempt; an item throttled does not', () => {
    const rows = [row(1, 'add', 2), row(2, 'add', 2), row(3, 'add', 7)];
    const { result } = settleOutcomes(rows, rows.map(opOf), [
      { result: 'retry', status: 503, code: 'busy', message: 'later' },
      { result: 'retry', status: 429, code: 'slow', message: 'later' },
      { result: 'retry', status: 500, code: 'busy', message: 'later' },
    ], NOW, half);
    expect(result.rescheduled).toEqual([
      { id: 1, attempts: 3, nextAttemptAt: NOW + 15_000, lastStatus: 503, lastError: 'busy: later' },
      { id: 2, attempts: 2, nextAttemptAt: NOW + 10_000, lastStatus: 429, lastError: 'slow: later' },
    ]);
    expect(result.dead).toEqual([{ id: 3, attempts: 8, lastStatus: 500, lastError: 'busy: later' }]);
    expect(result.counters.done).toBe(1);
  });
});

describe('settleCallFailure', () => {
  it('retries every row of a failed call with backoff, dead after the last attempt', () => {
    const result = settleCallFailure([row(1, 'add', 0), row(2, 'remove', 7)], { status: 0, code: 'timeout', message: 'no answer', retryAfterMs: null }, NOW, half);
    expect(result.rescheduled).toEqual([{ id: 1, attempts: 1, nextAttemptAt: NOW + 3_750, lastStatus: 0, lastError: 'timeout: no answer' }]);
    expect(result.dead).toEqual([{ id: 2, attempts: 8, lastStatus: 0, lastError: 'timeout: no answer' }]);
  });

  it('a final status makes every row dead', () => {
    const result = settleCallFailure([row(1, 'add'), row(2, 'update')], { status: 400, code: 'refused', message: 'bad batch', retryAfterMs: null }, NOW, half);
    expect(result.dead.map((d) => d.id)).toEqual([1, 2]);
    expect(result.counters).toMatchObject({ failed: 2, done: 2 });
  });
});

describe('describeRemoteError', () => {
  it('never keeps an address the remote echoed, and stays bounded', () => {
    expect(describeRemoteError('x', 'Member "Ann.Lee+promo@Example.co.uk" is in a compliance state')).toBe('x: Member "[address]" is in a compliance state');
    expect(describeRemoteError('x', 'y'.repeat(2_000))).toHaveLength(500);
  });
});
