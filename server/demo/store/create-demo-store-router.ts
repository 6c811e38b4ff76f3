import express, { Router, type Request, type Response } from 'express';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { badRequest } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { collectionByHandle, productByHandle } from '../demo-catalog.js';
import { demoLoginCustomer } from '../demo-customers.js';
import { COOKIE, clearCookie, readCart, readCookies, setCookie } from './demo-store-cookies.js';
import { createCartRouter } from './create-cart-router.js';
import { createCheckoutRouter } from './create-checkout-router.js';
import { STORE_CSP, createStorePageSender } from './create-store-page-sender.js';
import { parseForm } from './parse-form.js';
import { EXTENSION_ASSETS_DIR, createAppEmbedRenderer, type AppEmbedRenderer } from './render-app-embed.js';
import { renderCart, renderCartError } from './render-cart-page.js';
import { renderCollection, renderHome, renderNotFound, renderProduct, renderSearch } from './render-catalog-pages.js';
import { STORE_BASE } from './render-store-layout.js';

const ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));
const JS = 'text/javascript; charset=utf-8';
const ASSETS: Record<string, string> = {
  'store.css': 'text/css; charset=utf-8',
  'shopify-globals.js': JS,
  'store.js': JS,
  'customer-privacy.js': JS,
  'pixel-host.js': JS,
  'pixel-worker.js': JS,
};
/** Where the demo serves the theme app extension's assets, standing in for Shopify's CDN (`asset_url`). */
export const EXTENSION_ASSET_BASE = `${STORE_BASE}/ext/storefront-tracker`;
const EXTENSION_ASSETS: Record<string, string> = { 'segments-tracker.js': JS };
/**
 * The web pixel's bundle, built by `npm run build:extensions` (git-ignored; `npm start` builds it first).
 * Not built on demand: that would load esbuild, a dev dependency, into the server.
 */
export const PIXEL_DIST_DIR = fileURLToPath(new URL('../../../extensions/checkout-pixel/dist/', import.meta.url));
const PIXEL_ASSETS: Record<string, string> = { 'checkout-pixel.js': JS };

const LoginBody = z.object({ customerId: z.string().max(20), returnTo: z.string().max(200).optional() });

/** Only paths inside the store, so the login switch cannot be used as an open redirect. */
const safeReturn = (to: string | undefined) => (to && /^\/demo\/store([/?][\w\-/.?=&%]*)?$/.test(to) && !to.includes('//') ? to : STORE_BASE);

export interface DemoStoreDeps {
  /** The demo shop's permanent domain. */
  shop: string;
  /** The demo shop's ingest key, for the web pixel's settings. */
  ingestKey: string;
  logger: Logger;
  /** Where the built web pixel is; tests point it elsewhere. Defaults to PIXEL_DIST_DIR. */
  pixelDistDir?: string;
  /** Defaults to rendering the storefront tracker's app embed block from extensions/. */
  renderAppEmbed?: AppEmbedRenderer;
}

/**
 * The simulated storefront, built like a Shopify Online Store theme: server-rendered pages, Shopify's Ajax
 * Cart API over a cart kept in a cookie, the storefront tracker's real app embed at the end of every theme
 * page, a three-step checkout, a "log in as a demo customer" switch, and on every page a small web pixel
 * host running the real built checkout pixel (assets/pixel-host.js, pixel-events.ts), as Shopify's pixel
 * manager does: it is what sees checkout.
 */
export function createDemoStoreRouter(deps: DemoStoreDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 20 });
  const pages = createStorePageSender({
    shop: deps.shop,
    ingestKey: deps.ingestKey,
    renderAppEmbed: deps.renderAppEmbed ?? createAppEmbedRenderer({ assetBase: EXTENSION_ASSET_BASE }),
  });

  // Only the files named here; the extensions' builds may not exist yet, which is a 404 like any other.
  const serve = (files: Record<string, string>, root: string, missing?: () => void) => (req: Request<{ file: string }>, res: Response, next: () => void) => {
    const type = Object.hasOwn(files, req.params.file) ? files[req.params.file] : undefined;
    if (!type) return next();
    // A worker's script brings its own policy (the page's does not apply to it): the bundle and /collect only.
    res.type(type).set({ 'Cache-Control': 'no-cache', 'Content-Security-Policy': STORE_CSP });
    res.sendFile(req.params.file, { root }, (err) => {
      if (!err || res.headersSent) return;
      missing?.();
      next();
    });
  };
  const pixelDir = deps.pixelDistDir ?? PIXEL_DIST_DIR;
  let warned = false;
  const pixelMissing = () => {
    if (warned) return;
    warned = true;
    deps.logger.warn('demo checkout pixel not built: checkout events are not captured until `npm run build:extensions` runs', { path: pixelDir });
  };
  router.get('/assets/:file', serve(ASSETS, ASSETS_DIR));
  router.get('/ext/storefront-tracker/:file', serve(EXTENSION_ASSETS, EXTENSION_ASSETS_DIR));
  router.get('/ext/checkout-pixel/:file', serve(PIXEL_ASSETS, pixelDir, pixelMissing));

  router.get('/', (req, res) => pages.storefront(req, res, renderHome()));
  router.get('/collections/:handle', (req, res) => {
    const collection = collectionByHandle(req.params.handle);
    pages.storefront(req, res, collection ? renderCollection(collection) : renderNotFound(), collection ? 200 : 404);
  });
  router.get('/products/:handle', (req, res) => {
    const product = productByHandle(req.params.handle);
    pages.storefront(req, res, product ? renderProduct(product) : renderNotFound(), product ? 200 : 404);
  });
  router.get('/search', (req, res) => pages.storefront(req, res, renderSearch(typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '')));
  router.get('/cart', (req, res) => pages.storefront(req, res, renderCart(readCart(readCookies(req)))));
  router.use(createCartRouter({ sendFormError: (req, res, error) => pages.storefront(req, res, renderCartError(error), error.status) }));

  router.use(createCheckoutRouter({ pages }));

  router.post('/login', form, (req, res) => {
    const body = parseForm(LoginBody, req.body);
    const customer = demoLoginCustomer(body.customerId);
    if (!customer) throw badRequest('unknown_customer', 'Choose one of the demo customers.');
    setCookie(res, COOKIE.customer, customer.id);
    res.redirect(303, safeReturn(body.returnTo));
  });
  router.post('/logout', form, (req, res) => {
    const body = parseForm(LoginBody.pick({ returnTo: true }), req.body);
    clearCookie(res, COOKIE.customer);
    res.redirect(303, safeReturn(body.returnTo));
  });
  router.use((req, res) => pages.storefront(req, res, renderNotFound(), 404));
  return router;
}
