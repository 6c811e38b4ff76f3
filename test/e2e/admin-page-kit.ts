import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { signSessionToken } from '../../server/auth/sign-session-token.js';
import type { TestApp } from '../helpers/start-test-app.js';

/** Screenshots of each admin page (git-ignored). */
export const ARTIFACTS = fileURLToPath(new URL('../artifacts', import.meta.url));
mkdirSync(ARTIFACTS, { recursive: true });

/** The query string Shopify opens an embedded app with; the admin must carry it across navigation. */
export const SHOPIFY_QUERY = '?shop=demo-shop.myshopify.com&host=YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvZGVtbw';

export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught exceptions, in order. */
  errors: string[];
  /** Requests that left loopback (the demo admin must need no network). */
  offline: string[];
}

/** A new page that records console errors, uncaught exceptions and any request that leaves loopback. */
export async function openPage(browser: Browser): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const offline: string[] = [];
  // With the path of the script that logged it, so a failure says where.
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()} ${new URL(m.location().url || 'about:blank').pathname}`.trim()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => { if (!/^(http:\/\/127\.0\.0\.1:|data:|blob:)/.test(r.url())) offline.push(r.url()); });
  return { page, errors, offline };
}

/** GET an admin API route as the demo shop, the way the page does (a signed session token). */
export async function apiGet<T>(t: TestApp, path: string): Promise<T> {
  const token = signSessionToken(t.config.shopify.apiSecret, { shop: t.shop.domain, apiKey: t.config.shopify.apiKey });
  const res = await fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** The cell texts of the table row whose first cell is exactly `first`, inside `scope`. */
export async function rowTexts(scope: ReturnType<Page['locator']>, first: string): Promise<string[]> {
  const rows = scope.getByRole('row');
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    const cells = (await rows.nth(i).locator('th, td').allInnerTexts()).map((c) => c.trim());
    if (cells[0] === first) return cells;
  }
  return [];
}

/** The Polaris card (or section) holding a heading, for scoping assertions. */
export function cardWithHeading(page: Page, heading: string) {
  return page.locator('.Polaris-ShadowBevel, .Polaris-Card').filter({ has: page.getByRole('heading', { name: heading, exact: true }) }).last();
}

/** The same formatting the admin uses (web/src/format.ts), so asserted figures match what it shows. */
export const fmt = {
  number: (n: number) => new Intl.NumberFormat('en-US').format(n),
  percent: (f: number | null) => (f === null ? '—' : new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(f)),
};
