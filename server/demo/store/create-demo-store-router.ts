import express, { Router, type Request, type Response } from 'express';
import { randomBytes, randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { badRequest } from '../../errors.js';
import { collectionByHandle, productByHandle } from '../demo-catalog.js';
import { demoLoginCustomer } from '../demo-customers.js';
import { COOKIE, clearCookie, readCart, readCookies, readOrder, readToken, setCookie, writeOrder } from './demo-store-cookies.js';
import { createCartRouter } from './create-cart-router.js';
import { createStorePageSender } from './create-store-page-sender.js';
import { EXTENSION_ASSETS_DIR, createAppEmbedRenderer, type AppEmbedRenderer } from './render-app-embed.js';
import { renderCart, renderCartError } from './render-cart-page.js';
import { renderCollection, renderHome, renderNotFound, renderProduct, renderSearch } from './render-catalog-pages.js';
import { renderContactStep, renderPaymentStep, renderShippingStep, renderThankYou } from './render-checkout-pages.js';
import { STORE_BASE } from './render-store-layout.js';

const ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));
const JS = 'text/javascript; charset=utf-8';
const ASSETS: Record<string, string> = {
  'store.css': 'text/css; charset=utf-8',
  'shopify-globals.js': JS,
  'store.js': JS,
  'customer-privacy.js': JS,
  'minimal-sender.js': JS,
};
/** Where the demo serves the theme app extension's assets, standing in for Shopify's CDN (`asset_url`). */
export const EXTENSION_ASSET_BASE = `${STORE_BASE}/ext/storefront-tracker`;
const EXTENSION_ASSETS: Record<string, string> = { 'segments-tracker.js': JS };

const LoginBody = z.object({ customerId: z.string().max(20), returnTo: z.string().max(200).optional() });
const ContactBody = z.object({ email: z.email().max(254) });

function parseForm<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw badRequest('invalid_form', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

/** Only paths inside the store, so the login switch cannot be used as an open redirect. */
const safeReturn = (to: string | undefined) => (to && /^\/demo\/store([/?][\w\-/.?=&%]*)?$/.test(to) && !to.includes('//') ? to : STORE_BASE);

export interface DemoStoreDeps {
  /** The demo shop's permanent domain. */
  shop: string;
  /** Defaults to rendering the storefront tracker's app embed block from extensions/. */
  renderAppEmbed?: AppEmbedRenderer;
}

/**
 * The simulated storefront, built like a Shopify Online Store theme: server-rendered pages, Shopify's Ajax
 * Cart API over a cart kept in a cookie, the storefront tracker's real app embed at the end of every theme
 * page, a three-step checkout (with the minimal sender, as no app embed runs there) and a "log in as a demo
 * customer" switch.
 */
export function createDemoStoreRouter(deps: DemoStoreDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 20 });
  const pages = createStorePageSender({
    shop: deps.shop,
    renderAppEmbed: deps.renderAppEmbed ?? createAppEmbedRenderer({ assetBase: EXTENSION_ASSET_BASE }),
  });

  const redirect = (res: Response, path: string) => res.redirect(303, `${STORE_BASE}${path}`);

  // Only the files named here; the extension's asset may not be built yet, which is a 404 like any other.
  const serve = (files: Record<string, string>, root: string) => (req: Request<{ file: string }>, res: Response, next: () => void) => {
    const type = Object.hasOwn(files, req.params.file) ? files[req.params.file] : undefined;
    if (!type) return next();
    res.type(type).set('Cache-Control', 'no-cache').sendFile(req.params.file, { root }, (err) => { if (err && !res.headersSent) next(); });
  };
  router.get('/assets/:file', serve(ASSETS, ASSETS_DIR));
  router.get('/ext/storefront-tracker/:file', serve(EXTENSION_ASSETS, EXTENSION_ASSETS_DIR));

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

  router.get('/checkout', (req, res) => {
    const cookies = readCookies(req);
    const lines = readCart(cookies);
    if (lines.length === 0) return redirect(res, '/cart');
    let token = readToken(cookies, COOKIE.checkoutToken);
    const started = !token;
    if (!token) {
      token = randomBytes(16).toString('hex');
      setCookie(res, COOKIE.checkoutToken, token, 24 * 3600);
    }
    const email = demoLoginCustomer(cookies[COOKIE.customer])?.email ?? '';
    pages.checkout(req, res, renderContactStep(lines, email, started), token);
  });
  const checkoutStep = (render: typeof renderShippingStep) => (req: Request, res: Response) => {
    const cookies = readCookies(req);
    const lines = readCart(cookies);
    const token = readToken(cookies, COOKIE.checkoutToken);
    if (lines.length === 0 || !token) return redirect(res, '/cart');
    pages.checkout(req, res, render(lines), token);
  };
  router.get('/checkout/shipping', checkoutStep(renderShippingStep));
  router.get('/checkout/payment', checkoutStep(renderPaymentStep));
  // The email is only used by the sender script (as an identifier); the demo server keeps nothing it types.
  router.post('/checkout/contact', form, (req, res) => {
    parseForm(ContactBody, req.body);
    redirect(res, '/checkout/shipping');
  });
  router.post('/checkout/shipping', form, (_req, res) => redirect(res, '/checkout/payment'));
  router.post('/checkout/payment', form, (req, res) => {
    const cookies = readCookies(req);
    const lines = readCart(cookies);
    const checkoutToken = readToken(cookies, COOKIE.checkoutToken);
    if (lines.length === 0 || !checkoutToken) return redirect(res, '/cart');
    const orderId = String(6_000_000_000_000 + randomInt(0, 2 ** 40));
    writeOrder(res, { orderId, checkoutToken, lines: lines.map((l) => ({ productId: l.product.id, quantity: l.quantity })) });
    for (const name of [COOKIE.cart, COOKIE.cartToken, COOKIE.checkoutToken]) clearCookie(res, name);
    redirect(res, '/thank-you');
  });
  router.get('/thank-you', (req, res) => {
    const order = readOrder(readCookies(req));
    // Shown once, like Shopify's order status page fires checkout_completed once.
    if (order) clearCookie(res, COOKIE.order);
    pages.checkout(req, res, renderThankYou(order), order?.checkoutToken ?? null);
  });

  router.post('/login', form, (req, res) => {
    const body = parseForm(LoginBody, req.body);
    const customer = demoLoginCustomer(body.customerId);
    if (!customer) throw badRequest('unknown_customer', 'Choose one of the demo customers.');
    setCookie(res, COOKIE.customer, customer.id);
    setCookie(res, COOKIE.justLoggedIn, '1', 300);
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
