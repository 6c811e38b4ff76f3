import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INDUSTRY_BENCHMARKS, METRIC_BENCHMARKS } from '../../server/benchmarks/industry-benchmarks.js';

const REFERENCE = fileURLToPath(new URL('../../../shared/reference/benchmarks.md', import.meta.url));
const all = Object.values(INDUSTRY_BENCHMARKS);
const percent = (b: { value: number; unit: string }) => (b.unit === 'usd' ? b.value : Math.round(b.value * 100_000) / 1000);

/** Rows of the reference table marked "use": the numbers in its Value column, and its Source (year) text. */
function useRows(markdown: string) {
  return markdown.split('\n').filter((line) => line.startsWith('|') && /\|\s*use\b[^|]*\|\s*$/.test(line)).map((line) => {
    const [metric, value, source] = line.split('|').slice(1, 4).map((c) => c.trim()) as [string, string, string];
    return { metric, numbers: [...value.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0])), source };
  });
}

describe('industry benchmarks data file', () => {
  it('holds every "use" row of ../shared/reference/benchmarks.md with the same value and source, and no "Do not show" figure', () => {
    if (!existsSync(REFERENCE)) throw new Error(`The benchmark reference is missing: expected ${REFERENCE} (../shared/reference/benchmarks.md next to the repo).`);
    const markdown = readFileSync(REFERENCE, 'utf8');
    const rows = useRows(markdown);
    expect(rows.length).toBe(14);
    for (const row of rows) {
      for (const n of row.numbers) {
        const match = all.find((b) => percent(b) === n && row.source.includes(b.source));
        expect(match, `"${row.metric}": ${n} from "${row.source}" is not in server/benchmarks/industry-benchmarks.ts`).toBeDefined();
        // The year as written in the reference, or "undated" when it gives none.
        const year = match!.year === 'undated' ? row.source.includes('undated') || !/\b\d{4}\b/.test(row.source) : row.source.includes(match!.year);
        expect(year, `"${row.metric}": year ${match!.year} does not match "${row.source}"`).toBe(true);
      }
    }
    const doNotShow = markdown.slice(markdown.indexOf('Do not show'));
    const banned = [...doNotShow.matchAll(/"([^"]+)"/g)].flatMap((m) => [...m[1]!.matchAll(/\d+(?:\.\d+)?(?=[–%\s/]|$)/g)].map((n) => Number(n[0])));
    expect(banned).toEqual(expect.arrayContaining([70.22, 73, 75, 65, 68]));
    for (const b of all) expect(banned, `${b.id} shows a figure the reference says not to show`).not.toContain(percent(b));
  });

  it('shows every metric benchmark with a source and a year', () => {
    for (const list of Object.values(METRIC_BENCHMARKS)) {
      expect(list.length).toBeGreaterThan(0);
      for (const b of list) expect(b.source.length > 0 && b.year.length > 0).toBe(true);
    }
  });
});
