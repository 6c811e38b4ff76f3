import { describe, expect, it } from 'vitest';
import { createConcurrencyLimiter } from '../../../server/destinations/http/create-concurrency-limiter.js';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe('createConcurrencyLimiter', () => {
  it('never runs more than max tasks at once, starts waiters in arrival order, and returns each result', async () => {
    const limiter = createConcurrencyLimiter(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => limiter.run(async () => {
      started.push(i);
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
      return i * 2;
    })));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(most).toBe(3);
    expect(limiter.peak).toBe(3);
    expect(limiter.active).toBe(0);
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('frees the slot when a task fails', async () => {
    const limiter = createConcurrencyLimiter(1);
    await expect(limiter.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'next')).toBe('next');
    expect(limiter.active).toBe(0);
  });

  it('does not let a newcomer overtake a waiter handed a freed slot', async () => {
    const limiter = createConcurrencyLimiter(1);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((resolve) => { release = resolve; }));
    const order: string[] = [];
    const second = limiter.run(async () => { order.push('waiter'); await tick(); });
    release();
    await first;
    const third = limiter.run(async () => { order.push('newcomer'); });
    await Promise.all([second, third]);
    expect(order).toEqual(['waiter', 'newcomer']);
    expect(limiter.peak).toBe(1);
  });

  it('refuses a limit below one', () => {
    expect(() => createConcurrencyLimiter(0)).toThrow(/positive integer/);
  });
});
