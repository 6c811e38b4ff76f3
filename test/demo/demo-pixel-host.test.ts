import express from 'express';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIXEL_DIST_DIR, createDemoStoreRouter } from '../../server/demo/store/create-demo-store-router.js';
import { STORE_CSP } from '../../server/demo/store/create-store-page-sender.js';
import { createLogger } from '../../server/logger.js';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { pixelDataOf, storeClient } from './store-client.js';

describe('demo web pixel host: what the server serves for it', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.stop(); });

  it('serves the built pixel from the extension’s dist/ like Shopify’s CDN, and nothing else of the extension', async () => {
    const c = storeClient(t.baseUrl);
    const bundle = await fetch(`${t.baseUrl}/demo/store/ext/checkout-pixel/checkout-pixel.js`);
    // `npm run build:extensions` writes it (git-ignored); before the first build the route is a plain 404.
    expect(bundle.status).toBe(existsSync(join(PIXEL_DIST_DIR, 'checkout-pixel.js')) ? 200 : 404);
    if (bundle.ok) expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const file of ['build-checkout-pixel.ts', '..%2Fsrc%2Findex.ts', '..%2Fshopify.extension.toml', 'constructor']) {
      expect((await c.request(`/demo/store/ext/checkout-pixel/${file}`)).status, file).toBe(404);
    }
  });

  it('keeps the pages’ policy strict: scripts and workers from the shop only, the worker’s script under the same policy', async () => {
    const page = await fetch(`${t.baseUrl}/demo/store/checkout`);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toBe(STORE_CSP);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("worker-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toMatch(/unsafe-eval|\*|https?:/);
    const worker = await fetch(`${t.baseUrl}/demo/store/assets/pixel-worker.js`);
    expect(worker.headers.get('content-security-policy')).toBe(STORE_CSP);
    expect(worker.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('tells the pixel to post to this server’s /collect as the browser reached it', async () => {
    // fetch() sets Host itself; node:http sends the one a browser on another host name would.
    const html = await new Promise<string>((resolve, reject) => {
      get(`${t.baseUrl}/demo/store`, { headers: { host: 'shop.test:8080' } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; }).on('end', () => resolve(body));
      }).on('error', reject);
    });
    expect(pixelDataOf(html).settings.collectorUrl).toBe('http://shop.test:8080/collect');
  });
});

describe('demo web pixel host without a built pixel', () => {
  let server: Server;
  let baseUrl: string;
  let dir: string;
  const logged: Record<string, unknown>[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'no-pixel-'));
    const app = express();
    const logger = createLogger('debug', (line) => logged.push(JSON.parse(line) as Record<string, unknown>));
    app.use('/demo/store', createDemoStoreRouter({ shop: 'demo-shop.myshopify.com', ingestKey: 'demo-ingest-key', logger, pixelDistDir: dir, renderAppEmbed: () => '' }));
    server = await new Promise((resolve) => { const s = createServer(app).listen(0, '127.0.0.1', () => resolve(s)); });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 404 for the bundle, logs one clear warning, and the shop still works', async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${baseUrl}/demo/store/ext/checkout-pixel/checkout-pixel.js`)).status).toBe(404);
    const warnings = logged.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ msg: expect.stringContaining('npm run build:extensions'), path: dir });
    const home = await fetch(`${baseUrl}/demo/store`);
    expect(home.status).toBe(200);
    expect(pixelDataOf(await home.text()).bundle).toBe('/demo/store/ext/checkout-pixel/checkout-pixel.js');
  });
});
