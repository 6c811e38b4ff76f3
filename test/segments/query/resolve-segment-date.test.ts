import { describe, expect, it } from 'vitest';
import { resolveSegmentDate } from '../../../server/segments/query/resolve-segment-date.js';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('resolveSegmentDate', () => {
  const now = Date.parse('2025-03-31T23:59:59Z');

  it.each<[Parameters<typeof resolveSegmentDate>[0], string]>([
    [{ type: 'named', name: 'today' }, '2025-03-31'],
    [{ type: 'named', name: 'yesterday' }, '2025-03-30'],
    [{ type: 'offset', amount: -7, unit: 'd' }, '2025-03-24'],
    [{ type: 'offset', amount: -2, unit: 'w' }, '2025-03-17'],
    [{ type: 'offset', amount: -1, unit: 'm' }, '2025-02-28'],
    [{ type: 'offset', amount: -13, unit: 'm' }, '2024-02-29'],
    [{ type: 'offset', amount: 1, unit: 'm' }, '2025-04-30'],
    [{ type: 'offset', amount: -1, unit: 'y' }, '2024-03-31'],
    [{ type: 'offset', amount: 3, unit: 'd' }, '2025-04-03'],
    [{ type: 'date', year: 2020, month: 5, day: 30 }, '2020-05-30'],
  ])('%o resolves to the start of %s (UTC)', (value, expected) => {
    expect(resolveSegmentDate(value, now)).toEqual({ startMs: day(expected), unitMs: 86_400_000 });
  });

  it('keeps a date and time to the second', () => {
    expect(resolveSegmentDate({ type: 'datetime', year: 2020, month: 5, day: 30, hour: 16, minute: 0, second: 0 }, now))
      .toEqual({ startMs: Date.parse('2020-05-30T16:00:00Z'), unitMs: 1_000 });
  });

  it('clamps Feb 29 to Feb 28 a year later', () => {
    expect(resolveSegmentDate({ type: 'offset', amount: 1, unit: 'y' }, Date.parse('2024-02-29T08:00:00Z')).startMs).toBe(day('2025-02-28'));
  });
});
