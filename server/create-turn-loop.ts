/**
 * The single-process worker pattern the webhook runner and the segment engine share: a synchronous
 * `turn` runs every `pollMs`, and again right away (after pending I/O) when it reports more waiting or
 * someone kicks it; a throwing turn is reported and the loop goes on.
 */
export interface TurnLoop {
  start(): void;
  /** Runs a turn soon (setImmediate), at most one pending at a time. */
  kick(): void;
  stop(): void;
}

export function createTurnLoop(options: { pollMs: number; turn: () => boolean; onError: (err: unknown) => void }): TurnLoop {
  let timer: NodeJS.Timeout | null = null;
  let kicked = false;
  let stopped = false;

  function run(): void {
    kicked = false;
    if (stopped) return;
    try {
      // More waiting: continue on the next turn of the event loop, so HTTP is never blocked for long.
      if (options.turn()) kick();
    } catch (err) {
      options.onError(err);
    }
  }

  function kick(): void {
    if (stopped || kicked) return;
    kicked = true;
    setImmediate(run);
  }

  return {
    start() {
      if (timer || stopped) return;
      timer = setInterval(run, options.pollMs);
      timer.unref();
      kick();
    },
    kick,
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
