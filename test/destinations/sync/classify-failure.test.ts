import { describe, expect, it } from 'vitest';
import { classifyFailure, retryDelayMs, RETRY_POLICY, statusClassOf } from '../../../server/destinations/sync/classify-failure.js';

describe('statusClassOf', () => {
  it.each([
    [200, 'ok'], [201, 'ok'], [202, 'ok'], [204, 'ok'], [299, 'ok'],
    [400, 'final'], [404, 'final'], [409, 'final'], [422, 'final'], [405, 'final'], [413, 'final'],
    [401, 'pause'], [403, 'pause'],
    [429, 'wait'],
    [500, 'retry'], [502, 'retry'], [503, 'retry'], [504, 'retry'], [599, 'retry'], [408, 'retry'], [0, 'retry'],
    [302, 'retry'], [600, 'retry'],
  ] as const)('%i → %s', (status, expected) => {
    expect(statusClassOf(status)).toBe(expected);
  });
});

describe('classifyFailure', () => {
  const half = () => 0.5;

  it('pauses the destination on 401 and 403', () => {
    expect(classifyFailure({ status: 401 }, 0)).toEqual({ action: 'pause' });
    expect(classifyFailure({ status: 403 }, 3)).toEqual({ action: 'pause' });
  });

  it('waits Retry-After on 429 without spending an attempt, 10 s when absent', () => {
    expect(classifyFailure({ status: 429, retryAfterMs: 2_500 }, 7)).toEqual({ action: 'wait', delayMs: 2_500 });
    expect(classifyFailure({ status: 429, retryAfterMs: null }, 0)).toEqual({ action: 'wait', delayMs: 10_000 });
    expect(classifyFailure({ status: 429 }, 0)).toEqual({ action: 'wait', delayMs: RETRY_POLICY.defaultRetryAfterMs });
  });

  it.each([400, 404, 409, 422])('makes %i dead at once', (status) => {
    expect(classifyFailure({ status }, 0)).toEqual({ action: 'dead', attempts: 1 });
  });

  it.each([500, 503, 408, 0])('retries %i with backoff, spending an attempt, dead after 8', (status) => {
    expect(classifyFailure({ status }, 0, half)).toEqual({ action: 'retry', attempts: 1, delayMs: retryDelayMs(1, half) });
    expect(classifyFailure({ status }, 6, half)).toEqual({ action: 'retry', attempts: 7, delayMs: retryDelayMs(7, half) });
    expect(classifyFailure({ status }, 7, half)).toEqual({ action: 'dead', attempts: 8 });
  });
});

describe('retryDelayMs', () => {
  it('doubles from 5 s and caps at 10 minutes', () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 12].map((n) => retryDelayMs(n, top))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000]);
  });

  it('jitters between half and all of the delay', () => {
    expect(retryDelayMs(1, () => 0)).toBe(2_500);
    expect(retryDelayMs(3, () => 0)).toBe(10_000);
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(4);
      expect(d).toBeGreaterThanOrEqual(20_000);
      expect(d).toBeLessThanOrEqual(40_000);
    }
  });
});
