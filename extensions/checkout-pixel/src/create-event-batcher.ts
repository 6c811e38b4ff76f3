export interface EventBatcherOptions<T> {
  /** Flush as soon as this many items wait. */
  maxItems: number;
  /** Otherwise flush this long after the first waiting item. */
  delayMs: number;
  /** Sends one batch; a rejection is swallowed (the pixel must never throw into Shopify's manager). */
  send(items: T[]): Promise<void>;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface EventBatcher<T> {
  /** `urgent` flushes at once: the last event of a journey, after which the page may close. */
  add(item: T, urgent?: boolean): void;
  /** Drops everything waiting (consent withdrawn). */
  clear(): void;
  flush(): Promise<void>;
}

/** A small queue flushed at `maxItems` items or `delayMs` after the first one, whichever comes first. */
export function createEventBatcher<T>(options: EventBatcherOptions<T>): EventBatcher<T> {
  let waiting: T[] = [];
  let timer: unknown = null;

  const stopTimer = () => {
    if (timer !== null) options.clearTimer(timer);
    timer = null;
  };

  const flush = async (): Promise<void> => {
    stopTimer();
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    try {
      await options.send(batch);
    } catch {
      // Nothing to retry with: the ids are deterministic, so a later re-send would be deduplicated anyway.
    }
  };

  return {
    add(item, urgent = false) {
      waiting.push(item);
      if (urgent || waiting.length >= options.maxItems) void flush();
      else if (timer === null) timer = options.setTimer(() => void flush(), options.delayMs);
    },
    clear() {
      stopTimer();
      waiting = [];
    },
    flush,
  };
}
