/**
 * Admin benchmark (issue 6): Largest Contentful Paint and Cumulative Layout Shift of Home and Segments,
 * read from the browser's own PerformanceObserver entries in Debian's Chromium (playwright-core), against
 * the real app on a seeded SQLite file in this process (startSeededAdmin: the demo shop as `npm start`
 * seeds it, 5,000 shoppers over 90 days, the 13 template segments computed before measuring).
 *
 * Every run is a fresh browser context (empty cache and storage: a cold first visit), desktop viewport
 * 1280×900, in two profiles: no throttling, and 4× CPU slowdown with 40 ms round trips at 10 Mbit/s.
 * A page counts as loaded when the network has been idle for 500 ms; CLS is the largest session window
 * (1 s gap, 5 s cap) of shifts without recent input, as web-vitals computes it.
 * Targets: LCP < 1.5 s and CLS < 0.1 (median of the runs; Built for Shopify asks for 2.5 s and 0.1), judged on the
 * unthrottled profile; the slowed one shows how much headroom a slower laptop leaves.
 * Env: BENCH_ADMIN_RUNS (default 7), BENCH_ADMIN_SHOPPERS (5000), BENCH_ADMIN_DAYS (90).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { signSessionToken } from '../server/auth/sign-session-token.js';
import { launchChromium } from '../test/helpers/launch-chromium.js';
import { startSeededAdmin } from '../test/helpers/start-seeded-admin.js';
import type { TestApp } from '../test/helpers/start-test-app.js';
import { median } from './lib/median.js';

const RUNS = Number(process.env.BENCH_ADMIN_RUNS ?? 7);
const SHOPPERS = Number(process.env.BENCH_ADMIN_SHOPPERS ?? 5000);
const DAYS = Number(process.env.BENCH_ADMIN_DAYS ?? 90);
const TARGET_LCP_MS = 1500;
const TARGET_CLS = 0.1;

const PAGES = [
  { name: 'Home', path: '/' },
  { name: 'Segments', path: '/segments' },
] as const;

interface Profile {
  name: string;
  /** Whether the targets apply: they are set for local Chromium as it is; the slowed profile is for information. */
  judged: boolean;
  cpuSlowdown: number;
  network: { latencyMs: number; downloadBytesPerSecond: number; uploadBytesPerSecond: number } | null;
}
const PROFILES: Profile[] = [
  { name: 'unthrottled', judged: true, cpuSlowdown: 1, network: null },
  { name: '4× CPU, 40 ms RTT, 10 Mbit/s', judged: false, cpuSlowdown: 4, network: { latencyMs: 40, downloadBytesPerSecond: 10e6 / 8, uploadBytesPerSecond: 5e6 / 8 } },
];

interface Run {
  lcpMs: number;
  cls: number;
  fcpMs: number;
  lcpElement: string;
  /** Until the network went idle: when the page had everything it asked for. */
  loadedMs: number;
  apiMs: Record<string, number>;
  consoleErrors: string[];
}

// Runs in the page: buffered entries from the start of the navigation.
const COLLECT = `new Promise((resolve) => {
  const lcp = []; const shifts = []; const fcp = [];
  new PerformanceObserver((l) => lcp.push(...l.getEntries())).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((l) => shifts.push(...l.getEntries())).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((l) => fcp.push(...l.getEntries())).observe({ type: 'paint', buffered: true });
  setTimeout(() => {
    let cls = 0, windowValue = 0, windowStart = 0, last = 0;
    for (const s of shifts) {
      if (s.hadRecentInput) continue;
      if (windowValue > 0 && (s.startTime - last > 1000 || s.startTime - windowStart > 5000)) { windowValue = 0; }
      if (windowValue === 0) windowStart = s.startTime;
      windowValue += s.value; last = s.startTime; cls = Math.max(cls, windowValue);
    }
    const l = lcp[lcp.length - 1];
    const el = l && l.element ? l.element.tagName.toLowerCase() + (l.element.className ? '.' + String(l.element.className).split(' ')[0] : '') + ' "' + (l.element.textContent || '').trim().slice(0, 40) + '"' : '';
    const api = {};
    for (const r of performance.getEntriesByType('resource')) {
      const m = /\\/api\\/[^?]*/.exec(r.name);
      if (m) api[m[0]] = Math.round(r.duration);
    }
    const paint = fcp.find((p) => p.name === 'first-contentful-paint');
    resolve({ lcpMs: l ? l.startTime : NaN, cls, fcpMs: paint ? paint.startTime : NaN, lcpElement: el, apiMs: api });
  }, 50);
})`;

async function measureOnce(browser: Browser, url: string, profile: Profile): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page: Page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  const cdp = await context.newCDPSession(page);
  if (profile.cpuSlowdown > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
  if (profile.network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: profile.network.latencyMs, downloadThroughput: profile.network.downloadBytesPerSecond, uploadThroughput: profile.network.uploadBytesPerSecond });
  }
  const started = Date.now();
  await page.goto(url, { waitUntil: 'networkidle' });
  const loadedMs = Date.now() - started - 500;
  // Late shifts (a chart drawing, fonts) would land in this second.
  await page.waitForTimeout(1000);
  const metrics = (await page.evaluate(COLLECT)) as Omit<Run, 'loadedMs' | 'consoleErrors'>;
  await context.close();
  return { ...metrics, loadedMs, consoleErrors };
}

/** The uncached cost of Home's figures: a window the 60 s cache has not seen, so the server scans again. */
async function coldFiguresMs(t: TestApp): Promise<number[]> {
  const token = signSessionToken(t.config.shopify.apiSecret, { shop: t.shop.domain, apiKey: t.config.shopify.apiKey });
  const times: number[] = [];
  for (let days = 31; days < 36; days++) {
    const started = performance.now();
    const res = await fetch(`${t.baseUrl}/api/store-metrics?days=${days}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    times.push(performance.now() - started);
  }
  return times;
}

const round = (n: number, digits = 0) => Number(n.toFixed(digits));

export async function benchAdmin() {
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('BENCH_ADMIN_RUNS must be a whole number ≥ 1');
  const seedStarted = Date.now();
  const t = await startSeededAdmin({ shoppers: SHOPPERS, days: DAYS });
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  const browser = await launchChromium();
  const results: { page: string; profile: string; runs: Run[]; medians: { lcpMs: number; cls: number; fcpMs: number; loadedMs: number }; judged: boolean; pass: boolean }[] = [];
  let cold: number[] = [];
  try {
    console.log(`Seeded ${SHOPPERS} shoppers over ${DAYS} days in ${seedSeconds.toFixed(1)} s; ${RUNS} runs per page and profile.`);
    cold = await coldFiguresMs(t);
    for (const profile of PROFILES) {
      for (const target of PAGES) {
        const url = `${t.baseUrl}${target.path}`;
        await measureOnce(browser, url, profile); // warm-up: server-side first-request work, not measured
        const runs: Run[] = [];
        for (let i = 0; i < RUNS; i++) {
          const run = await measureOnce(browser, url, profile);
          runs.push(run);
          console.log(`${target.name.padEnd(8)} ${profile.name.padEnd(28)} run ${i + 1}/${RUNS}: LCP ${round(run.lcpMs)} ms, CLS ${round(run.cls, 4)}, FCP ${round(run.fcpMs)} ms`);
        }
        const medians = {
          lcpMs: median(runs.map((r) => r.lcpMs)),
          cls: median(runs.map((r) => r.cls)),
          fcpMs: median(runs.map((r) => r.fcpMs)),
          loadedMs: median(runs.map((r) => r.loadedMs)),
        };
        results.push({ page: target.name, profile: profile.name, runs, medians, judged: profile.judged, pass: medians.lcpMs < TARGET_LCP_MS && medians.cls < TARGET_CLS });
      }
    }
  } finally {
    await browser.close();
    await t.stop();
  }

  console.log(`\nAdmin: LCP and CLS, median of ${RUNS} cold loads each (desktop 1280×900, Debian Chromium, seeded demo shop)`);
  console.table(results.map((r) => ({
    page: r.page,
    profile: r.profile,
    'LCP ms (median)': round(r.medians.lcpMs),
    'LCP ms (max)': round(Math.max(...r.runs.map((x) => x.lcpMs))),
    'CLS (median)': round(r.medians.cls, 4),
    'CLS (max)': round(Math.max(...r.runs.map((x) => x.cls)), 4),
    'FCP ms': round(r.medians.fcpMs),
    'network idle ms': round(r.medians.loadedMs),
    target: `${r.pass ? 'PASS' : 'FAIL'}${r.judged ? '' : ' (info)'}`,
  })));
  for (const r of results) {
    console.log(`${r.page}, ${r.profile}: LCP element ${[...new Set(r.runs.map((x) => x.lcpElement))].join(' | ')}`);
    const apis = Object.keys(r.runs[0]?.apiMs ?? {});
    if (apis.length) console.log(`  API time in the page (median ms): ${apis.map((a) => `${a} ${round(median(r.runs.map((x) => x.apiMs[a] ?? Number.NaN)))}`).join(', ')}`);
    const errors = [...new Set(r.runs.flatMap((x) => x.consoleErrors))];
    if (errors.length) console.log(`  WARNING console errors: ${errors.join(' | ')}`);
  }
  console.log(`Home's figures uncached (GET /api/store-metrics on a new window): ${cold.map((c) => round(c)).join(', ')} ms`);
  const pass = results.filter((r) => r.judged).every((r) => r.pass);
  console.log(`Targets LCP < ${TARGET_LCP_MS} ms and CLS < ${TARGET_CLS} on both pages, unthrottled → ${pass ? 'PASS' : 'FAIL'} (the slowed profile is reported, not judged)`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/admin.json', JSON.stringify({ at: new Date().toISOString(), shoppers: SHOPPERS, days: DAYS, seedSeconds, runs: RUNS, targets: { lcpMs: TARGET_LCP_MS, cls: TARGET_CLS }, coldFiguresMs: cold, pass, results }, null, 2));
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchAdmin();
