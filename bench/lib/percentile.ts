/** Ratio formatting shared by the benchmarks: "0.62x". */
export const ratio = (value: number, baseline: number): string => (baseline > 0 ? `${(value / baseline).toFixed(2)}x` : 'n/a');
