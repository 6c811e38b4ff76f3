import lighthouse, { type Result } from 'lighthouse';
import puppeteer from 'puppeteer-core';

export interface LighthouseOptions {
  /** Stored in localStorage before the page's own scripts run; null leaves the visitor undecided. */
  consent: Record<string, boolean> | null;
  /** localStorage key of the storefront's consent stand-in (server/demo/store/assets/customer-privacy.js). */
  consentKey: string;
}

export interface RequestSummary {
  url: string;
  resourceType: string;
  statusCode: number;
  transferSize: number;
  resourceSize: number;
}

export interface LighthouseRun {
  /** 0–100 with decimals, as Lighthouse computes it before the report rounds it. */
  score: number;
  lcpMs: number;
  fcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  totalBytes: number;
  scriptBytes: number;
  requests: RequestSummary[];
  /** Lighthouse's label of the largest-contentful-paint element, to tell a changed LCP element from a slower one. */
  lcpElement: string;
  /** Whether the consent banner was showing when Lighthouse finished (null: the page has none). */
  bannerShown: boolean | null;
  /** Problems Lighthouse reported (e.g. a slow or failed load); a run with any is suspect. */
  warnings: string[];
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  // Any host name fails to resolve, so nothing can leave the machine; the page is served from 127.0.0.1.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

const numeric = (lhr: Result, id: string): number => lhr.audits[id]?.numericValue ?? Number.NaN;

function requestsOf(lhr: Result): RequestSummary[] {
  const details = lhr.audits['network-requests']?.details;
  if (!details || details.type !== 'table') return [];
  return details.items.map((item) => ({
    url: String(item.url),
    resourceType: String(item.resourceType ?? ''),
    statusCode: Number(item.statusCode ?? 0),
    transferSize: Number(item.transferSize ?? 0),
    resourceSize: Number(item.resourceSize ?? 0),
  }));
}

function lcpElementOf(lhr: Result): string {
  const details = lhr.audits['largest-contentful-paint-element']?.details;
  const table = details?.type === 'list' ? details.items[0] : undefined;
  const node = table?.type === 'table' ? table.items[0]?.node : undefined;
  return node && typeof node === 'object' && 'type' in node && node.type === 'node' ? (node.selector ?? node.nodeLabel ?? '') : '';
}

/**
 * One Lighthouse navigation (default mobile config, simulated throttling, performance category only)
 * in a freshly launched Chromium with its own temporary profile, so no run inherits cache, cookies or
 * storage from another. Lighthouse drives a page we opened, so the page can be inspected afterwards.
 */
export async function runLighthouse(url: string, options: LighthouseOptions): Promise<LighthouseRun> {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    if (options.consent) {
      await page.evaluateOnNewDocument((key: string, value: string) => {
        try {
          localStorage.setItem(key, value);
        } catch {
          // about:blank has no storage; only the measured page matters.
        }
      }, options.consentKey, JSON.stringify(options.consent));
    }
    const result = await lighthouse(url, { logLevel: 'error', output: 'json', onlyCategories: ['performance'] }, undefined, page);
    if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const requests = requestsOf(lhr);
    const bannerShown = await page.evaluate(() => {
      const banner = document.getElementById('consent-banner');
      return banner ? !banner.hidden : null;
    });
    return {
      score: (lhr.categories.performance?.score ?? Number.NaN) * 100,
      lcpMs: numeric(lhr, 'largest-contentful-paint'),
      fcpMs: numeric(lhr, 'first-contentful-paint'),
      tbtMs: numeric(lhr, 'total-blocking-time'),
      cls: numeric(lhr, 'cumulative-layout-shift'),
      speedIndexMs: numeric(lhr, 'speed-index'),
      totalBytes: numeric(lhr, 'total-byte-weight'),
      scriptBytes: requests.filter((r) => r.resourceType === 'Script').reduce((sum, r) => sum + r.transferSize, 0),
      requests,
      lcpElement: lcpElementOf(lhr),
      bannerShown,
      warnings: lhr.runWarnings,
    };
  } finally {
    await browser.close();
  }
}
