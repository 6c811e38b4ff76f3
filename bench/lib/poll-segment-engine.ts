import type { Clock } from '../../server/clock.js';
import type { SegmentEngine } from '../../server/segments/live/create-segment-engine.js';

/** The system clock, remembering its first reading of each engine turn (the `at` of that turn's log rows). */
export interface TurnClock extends Clock {
  /** The first reading since the last take, or null. */
  take(): number | null;
}

export function createTurnClock(): TurnClock {
  let first: number | null = null;
  return {
    now() {
      const t = Date.now();
      if (first === null) first = t;
      return t;
    },
    take() {
      const t = first;
      first = null;
      return t;
    },
  };
}

export interface EngineTurn {
  /** The engine's clock at the start of the turn: the `at` of every membership change it logged. */
  t0: number;
  /** When runOnce returned, i.e. its transactions were committed and the changes visible. */
  t1: number;
  processed: number;
  /** Writes (event batches) committed before the turn began: only their events can be in it. */
  writesBefore: number;
}

export interface EnginePoller {
  turns: EngineTurn[];
  errors: string[];
  stop(): void;
}

/**
 * Drives the engine the way its own start() does (a turn every pollMs, and straight again via
 * setImmediate while a turn comes back full), timing each turn.
 */
export function pollSegmentEngine(engine: SegmentEngine, clock: TurnClock, options: { pollMs: number; batchSize: number; writes: () => number }): EnginePoller {
  const turns: EngineTurn[] = [];
  const errors: string[] = [];
  let kicked = false;
  let stopped = false;
  const turn = () => {
    kicked = false;
    if (stopped) return;
    const writesBefore = options.writes();
    clock.take();
    const started = Date.now();
    let processed: number;
    try {
      processed = engine.runOnce();
    } catch (err) {
      errors.push(err instanceof Error ? err.stack ?? err.message : String(err));
      return;
    }
    const t1 = Date.now();
    turns.push({ t0: clock.take() ?? started, t1, processed, writesBefore });
    if (processed >= options.batchSize && !kicked) {
      kicked = true;
      setImmediate(turn);
    }
  };
  const timer = setInterval(turn, options.pollMs);
  return { turns, errors, stop: () => { stopped = true; clearInterval(timer); } };
}
