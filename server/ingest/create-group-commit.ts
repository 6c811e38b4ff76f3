import type { Logger } from '../logger.js';
import type { TransactionalEventWriter, WriteRequest } from './create-event-writer.js';
import { IngestTally } from './ingest-tally.js';
import type { StoredEvent, WriteResult } from './stored-event.js';

export type CommitCallback = (error: Error | null, result: WriteResult) => void;

export interface GroupCommit {
  /** Queues one request's events; `done` runs once they are committed (or the commit failed). */
  submit(shopId: number, events: readonly StoredEvent[], done: CommitCallback): void;
  /** Counters and rejected names to write with the next commit. */
  readonly tally: IngestTally;
  /** Makes sure a commit is scheduled (for tally-only changes). */
  schedule(): void;
  /** Commits everything waiting; later submits commit at once. */
  close(): Promise<void>;
}

interface Waiting extends WriteRequest {
  done: CommitCallback;
}

const NO_RESULT: WriteResult = { accepted: 0, duplicates: 0 };

/**
 * Group commit: requests wait up to `flushMs` (0 = the end of the current event-loop turn, which under
 * load already holds every request read in that turn) or until `maxWaitingEvents` are queued; then one
 * transaction writes them all, for every shop, and only then is each request answered.
 * If the transaction fails nothing of it is kept and every waiting request hears about it.
 */
export function createGroupCommit(deps: { writer: TransactionalEventWriter; logger: Logger; flushMs: number; maxWaitingEvents?: number }): GroupCommit {
  const maxWaitingEvents = deps.maxWaitingEvents ?? 4000;
  let waiting: Waiting[] = [];
  let waitingEvents = 0;
  let tally = new IngestTally();
  let timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  let closed = false;

  function flush(): void {
    clearTimer();
    if (waiting.length === 0 && tally.isEmpty) return;
    const batch = waiting;
    const batchTally = tally;
    waiting = [];
    waitingEvents = 0;
    tally = new IngestTally();
    let results: WriteResult[];
    try {
      results = deps.writer.commit(batch, batchTally);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      deps.logger.error('group commit failed', { requests: batch.length, error: error.message });
      for (const w of batch) w.done(error, NO_RESULT);
      return;
    }
    for (let i = 0; i < batch.length; i++) batch[i]!.done(null, results[i]!);
  }

  function clearTimer(): void {
    if (timer === null) return;
    if (deps.flushMs === 0) clearImmediate(timer as NodeJS.Immediate);
    else clearTimeout(timer as NodeJS.Timeout);
    timer = null;
  }

  function schedule(): void {
    if (closed) return flush();
    if (timer !== null) return;
    timer = deps.flushMs === 0 ? setImmediate(flush) : setTimeout(flush, deps.flushMs);
  }

  return {
    get tally() {
      return tally;
    },
    submit(shopId, events, done) {
      waiting.push({ shopId, events, done });
      waitingEvents += events.length;
      if (waitingEvents >= maxWaitingEvents) flush();
      else schedule();
    },
    schedule,
    async close() {
      closed = true;
      flush();
    },
  };
}
