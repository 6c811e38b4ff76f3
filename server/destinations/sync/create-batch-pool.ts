/**
 * The batches of one run that are in flight at once (DestinationClient.concurrency) and the outbox ids
 * they carry. A row in flight is still pending in the outbox, so the engine skips these ids when it
 * takes due rows; each batch settles on its own, and an error thrown by one is kept for after the others end.
 */
export interface BatchPool {
  readonly size: number;
  /** Outbox ids of the batches in flight. */
  readonly ids: ReadonlySet<number>;
  /** The first error a batch threw, once it ended. */
  readonly error: { thrown: unknown } | null;
  add(ids: readonly number[], batch: Promise<void>): void;
  /** Resolves when one batch has ended (at once when none is in flight). */
  oneEnded(): Promise<void>;
  /** Resolves when every batch in flight has ended. */
  allEnded(): Promise<void>;
}

export function createBatchPool(): BatchPool {
  const ids = new Set<number>();
  const inFlight = new Set<Promise<void>>();
  let error: { thrown: unknown } | null = null;

  return {
    get size() { return inFlight.size; },
    ids,
    get error() { return error; },
    add(batchIds, batch) {
      for (const id of batchIds) ids.add(id);
      const ended: Promise<void> = batch
        .catch((thrown: unknown) => { error ??= { thrown }; })
        .finally(() => {
          for (const id of batchIds) ids.delete(id);
          inFlight.delete(ended);
        });
      inFlight.add(ended);
    },
    oneEnded: () => (inFlight.size === 0 ? Promise.resolve() : Promise.race(inFlight)),
    async allEnded() {
      while (inFlight.size > 0) await Promise.race(inFlight);
    },
  };
}
