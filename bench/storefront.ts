/**
 * Storefront benchmark (issue 3): Lighthouse performance score of the demo product page with and
 * without the app embed (`?embed=0`), measured in the same run, alternating (with, without, with, ...).
 * The app runs in demo mode in its own process; every Lighthouse run gets a fresh Chromium profile.
 * Lighthouse's default config: mobile form factor, simulated throttling, performance category only.
 *
 * Two consent states, each the same for both variants: "undecided" (a first visit; the banner shows
 * and the tracker may store and send nothing) and "granted" (analytics accepted before the page loads,
 * so the tracker does its full work, as on shops where no banner is required).
 * Target: the embed costs at most 1 point (median with − median without ≥ −1) in every state. Shopify allows 10.
 * Env: BENCH_LIGHTHOUSE_RUNS (default 5) runs per variant and state; BENCH_LIGHTHOUSE_CONSENT=undecided|granted
 * to measure one state only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PRODUCTS, STORE_PATHS } from '../server/demo/demo-catalog.js';
import { median } from './lib/median.js';
import { runLighthouse, type LighthouseRun } from './lib/run-lighthouse.js';
import { startServerProcess } from './lib/start-server-process.js';

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 5);
const CONSENT_STATES = (['undecided', 'granted'] as const).filter((s) => (process.env.BENCH_LIGHTHOUSE_CONSENT ?? s) === s);
const TARGET_MAX_COST_POINTS = 1;
const PAGE = STORE_PATHS.product(DEMO_PRODUCTS[0]!.handle);
// What the storefront's consent stand-in (server/demo/store/assets/customer-privacy.js) stores on "Accept".
const CONSENT_KEY = 'demo_consent';
const CONSENT_GRANTED = { analytics: true, marketing: true, preferences: true, sale_of_data: true };

type ConsentState = (typeof CONSENT_STATES)[number];
type Variant = 'with' | 'without';
const VARIANT_QUERY: Record<Variant, string> = { with: '', without: '?embed=0' };

const METRICS = [
  ['score', 'score (points)', 1],
  ['lcpMs', 'LCP ms', 0],
  ['fcpMs', 'FCP ms', 0],
  ['speedIndexMs', 'Speed Index ms', 0],
  ['tbtMs', 'TBT ms', 0],
  ['cls', 'CLS', 3],
  ['totalBytes', 'total bytes', 0],
  ['scriptBytes', 'script bytes', 0],
] as const satisfies readonly (readonly [keyof LighthouseRun, string, number])[];
type Medians = Record<(typeof METRICS)[number][0], number>;

interface CaseResult {
  consent: ConsentState;
  medians: Record<Variant, Medians>;
  deltaPoints: number;
  pairedDeltaPoints: number;
  pass: boolean;
  embedResources: { path: string; resourceType: string; statusCode: number; transferSize: number }[];
  bannerShown: string[];
  lcpElements: Record<Variant, string[]>;
  offOriginRequests: string[];
  lighthouseWarnings: string[];
  runs: Record<Variant, LighthouseRun[]>;
}

async function waitForHealth(origin: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not accepting connections yet
    }
    if (Date.now() > deadline) throw new Error(`${origin}/healthz did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Resources the page with the embed loaded that the page without it never did (by path, query ignored). */
function embedResources(runs: Record<Variant, LighthouseRun[]>): CaseResult['embedResources'] {
  const path = (url: string) => url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
  const without = new Set(runs.without.flatMap((r) => r.requests.map((q) => path(q.url))));
  const found = new Map<string, CaseResult['embedResources'][number]>();
  for (const q of runs.with[0]?.requests ?? []) {
    const p = path(q.url);
    if (!without.has(p) && !found.has(p)) found.set(p, { path: p, resourceType: q.resourceType, statusCode: q.statusCode, transferSize: q.transferSize });
  }
  return [...found.values()];
}

async function measure(origin: string, consent: ConsentState): Promise<CaseResult> {
  const runs: Record<Variant, LighthouseRun[]> = { with: [], without: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const variant of ['with', 'without'] as const) {
      const run = await runLighthouse(origin + PAGE + VARIANT_QUERY[variant], {
        consent: consent === 'granted' ? CONSENT_GRANTED : null,
        consentKey: CONSENT_KEY,
      });
      runs[variant].push(run);
      console.log(`consent ${consent}, run ${i + 1}/${RUNS}, ${variant.padEnd(7)} embed: ${run.score.toFixed(1)} points`);
    }
  }
  const all = [...runs.with, ...runs.without];
  const medians = (variant: Variant) => Object.fromEntries(METRICS.map(([key]) => [key, median(runs[variant].map((r) => r[key]))])) as Medians;
  const result = { with: medians('with'), without: medians('without') };
  const deltaPoints = result.with.score - result.without.score;
  return {
    consent,
    medians: result,
    deltaPoints,
    pairedDeltaPoints: median(runs.with.map((r, i) => r.score - runs.without[i]!.score)),
    pass: deltaPoints >= -TARGET_MAX_COST_POINTS,
    embedResources: embedResources(runs),
    bannerShown: [...new Set(all.map((r) => String(r.bannerShown)))],
    lcpElements: { with: [...new Set(runs.with.map((r) => r.lcpElement))], without: [...new Set(runs.without.map((r) => r.lcpElement))] },
    offOriginRequests: [...new Set(all.flatMap((r) => r.requests.map((q) => q.url)))].filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u)),
    lighthouseWarnings: [...new Set(all.flatMap((r) => r.warnings))],
    runs,
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

function report(c: CaseResult): void {
  console.log(`\nStorefront, consent ${c.consent}: Lighthouse ${RUNS}× per variant, mobile, simulated throttling`);
  console.log(`${PAGE} (with embed) vs ${PAGE}?embed=0 (without)`);
  console.table(c.runs.with.map((r, i) => ({
    run: i + 1,
    'with embed': round(r.score, 1),
    'without embed': round(c.runs.without[i]!.score, 1),
    'delta (points)': round(r.score - c.runs.without[i]!.score, 1),
  })));
  console.table(Object.fromEntries(METRICS.map(([key, label, digits]) => [label, {
    'with (median)': round(c.medians.with[key], digits),
    'without (median)': round(c.medians.without[key], digits),
    delta: round(c.medians.with[key] - c.medians.without[key], digits),
    'paired delta (median)': round(median(c.runs.with.map((r, i) => r[key] - c.runs.without[i]![key])), digits),
  }])));
  if (c.embedResources.length === 0) {
    console.log('NOTE: ?embed=0 loaded the same resources as the page with the embed (toggle not in place?); the delta is run-to-run noise.');
  } else {
    console.log(`Embed resources: ${c.embedResources.map((r) => `${r.path} (${r.resourceType} ${r.statusCode}, ${r.transferSize} B transferred)`).join(', ')}`);
    const failed = c.embedResources.filter((r) => r.statusCode >= 400);
    if (failed.length > 0) console.log(`WARNING: embed resources failed (${failed.map((r) => `${r.path} ${r.statusCode}`).join(', ')}); is the tracker built?`);
  }
  if (c.bannerShown.length > 1) console.log(`WARNING: the consent banner state differed between runs (${c.bannerShown.join(' / ')}).`);
  else console.log(`Consent banner shown: ${c.bannerShown[0]} in every run of both variants`);
  console.log(`LCP element with embed: ${c.lcpElements.with.join(' | ')}; without: ${c.lcpElements.without.join(' | ')}`);
  if (c.offOriginRequests.length > 0) console.log(`WARNING: requests left the app's origin: ${c.offOriginRequests.join(', ')}`);
  if (c.lighthouseWarnings.length > 0) console.log(`Lighthouse warnings: ${c.lighthouseWarnings.join(' | ')}`);
  console.log(`Median delta (with − without): ${c.deltaPoints.toFixed(1)} points (median of paired deltas ${c.pairedDeltaPoints.toFixed(1)}); ` +
    `target: the embed costs ≤ ${TARGET_MAX_COST_POINTS} point → ${c.pass ? 'PASS' : 'FAIL'}`);
}

export async function benchStorefront(): Promise<CaseResult[]> {
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('BENCH_LIGHTHOUSE_RUNS must be a whole number ≥ 1');
  if (CONSENT_STATES.length === 0) throw new Error('BENCH_LIGHTHOUSE_CONSENT must be undecided or granted');
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'bench-storefront-'));
  const cases: CaseResult[] = [];
  try {
    // A small seed: the product page reads no events, and a big seed only slows the start.
    const proc = await startServerProcess('bench/servers/demo-server.ts', { DATABASE_PATH: join(dir, 'bench.db'), LOG_LEVEL: 'silent', DEMO_SHOPPERS: '50' });
    const origin = `http://127.0.0.1:${proc.port}`;
    try {
      await waitForHealth(origin);
      // Warm the server (first-request compilation, asset reads) so the first measured run is not the slow one.
      for (const query of Object.values(VARIANT_QUERY)) await (await fetch(origin + PAGE + query)).text();
      for (const consent of CONSENT_STATES) cases.push(await measure(origin, consent));
    } finally {
      await proc.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  cases.forEach(report);
  const pass = cases.every((c) => c.pass);
  console.log(`\nStorefront embed cost: ${cases.map((c) => `${c.deltaPoints.toFixed(1)} points (consent ${c.consent})`).join(', ')} → ${pass ? 'PASS' : 'FAIL'}`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/storefront.json', JSON.stringify({
    at: new Date().toISOString(),
    elapsedSeconds: Math.round((Date.now() - started) / 1000),
    page: PAGE,
    runsPerVariant: RUNS,
    targetMaxCostPoints: TARGET_MAX_COST_POINTS,
    pass,
    cases,
  }, null, 2));
  return cases;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchStorefront();
