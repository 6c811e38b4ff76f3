import { describe, expect, it } from 'vitest';
import { createEventBatcher } from '../../../extensions/checkout-pixel/src/create-event-batcher.js';

function harness() {
  const sent: number[][] = [];
  const timers = new Map<number, () => void>();
  let next = 0;
  const batcher = createEventBatcher<number>({
    maxItems: 3,
    delayMs: 1000,
    send: async (items) => {
      sent.push(items);
      if (items.includes(-1)) throw new Error('network down');
    },
    setTimer: (callback, ms) => {
      expect(ms).toBe(1000);
      timers.set(++next, callback);
      return next;
    },
    clearTimer: (handle) => timers.delete(handle as number),
  });
  const fireTimers = () => {
    for (const [id, callback] of [...timers]) {
      timers.delete(id);
      callback();
    }
  };
  return { batcher, sent, timers, fireTimers };
}

describe('createEventBatcher', () => {
  it('flushes after the delay, at the size limit, and at once for an urgent item', async () => {
    const { batcher, sent, timers, fireTimers } = harness();
    batcher.add(1);
    batcher.add(2);
    expect(sent).toEqual([]);
    expect(timers.size).toBe(1);
    fireTimers();
    expect(sent).toEqual([[1, 2]]);

    batcher.add(3);
    batcher.add(4);
    batcher.add(5);
    expect(sent).toEqual([[1, 2], [3, 4, 5]]);
    expect(timers.size).toBe(0);

    batcher.add(6);
    batcher.add(7, true);
    expect(sent).toEqual([[1, 2], [3, 4, 5], [6, 7]]);
    expect(timers.size).toBe(0);
  });

  it('drops waiting items on clear and survives a failing send', async () => {
    const { batcher, sent, timers } = harness();
    batcher.add(1);
    batcher.clear();
    expect(timers.size).toBe(0);
    await batcher.flush();
    expect(sent).toEqual([]);
    batcher.add(-1);
    await expect(batcher.flush()).resolves.toBeUndefined();
    batcher.add(2);
    await batcher.flush();
    expect(sent).toEqual([[-1], [2]]);
  });
});
