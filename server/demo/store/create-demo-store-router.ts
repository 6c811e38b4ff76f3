import express, { Router, type Request, type Response } from 'express';
import { randomBytes, randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { badRequest } from '../../errors.js';
import { collectionByHandle, productById, productByHandle } from '../demo-catalog.js';
import { demoLoginCustomer } from '../demo-customers.js';
import {
  COOKIE, clearCookie, readCart, readCookies, readOrder, readToken, setCookie, writeCart, writeOrder,
} from './demo-store-cookies.js';
import { renderCollection, renderHome, renderNotFound, renderProduct, renderSearch, type PageContent } from './render-catalog-pages.js';
import { itemCount } from '../demo-event-properties.js';
import { renderCart, renderContactStep, renderPaymentStep, renderShippingStep, renderThankYou } from './render-checkout-pages.js';
import { STORE_BASE, renderStoreLayout, type PageDescriptor } from './render-store-layout.js';

const ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));
const ASSETS: Record<string, string> = {
  'store.css': 'text/css; charset=utf-8',
  'customer-privacy.js': 'text/javascript; charset=utf-8',
  'minimal-sender.js': 'text/javascript; charset=utf-8',
};
// Scripts only from here; inline style attributes colour the placeholder product images.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; form-action 'self'";

const Id = z.string().regex(/^\d{1,20}$/, 'productId must be a product id');
const AddBody = z.object({ productId: Id, quantity: z.coerce.number().int().min(1).max(10).default(1) });
const RemoveBody = z.object({ productId: Id });
const LoginBody = z.object({ customerId: z.string().max(20), returnTo: z.string().max(200).optional() });
const ContactBody = z.object({ email: z.email().max(254) });

function parseForm<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw badRequest('invalid_form', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

/** Only paths inside the store, so the login switch cannot be used as an open redirect. */
const safeReturn = (to: string | undefined) => (to && /^\/demo\/store(\/[\w\-/.?=&%]*)?$/.test(to) && !to.includes('//') ? to : STORE_BASE);

/**
 * The simulated storefront: server-rendered pages, a cart kept in a cookie, a three-step checkout and
 * a "log in as a demo customer" switch. Each page embeds a descriptor of the events it stands for;
 * the sender script turns them into events and posts them through the simulated app proxy.
 */
export function createDemoStoreRouter(): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 20 });

  const page = (req: Request, res: Response, content: PageContent, extra: { checkoutToken?: string | null } = {}, status = 200) => {
    const cookies = readCookies(req);
    const customer = demoLoginCustomer(cookies[COOKIE.customer]);
    const descriptor: PageDescriptor = { pageType: content.pageType, events: content.events };
    if (customer) descriptor.customerId = customer.id;
    if (customer && cookies[COOKIE.justLoggedIn]) {
      descriptor.identify = true;
      descriptor.email = customer.email;
      clearCookie(res, COOKIE.justLoggedIn);
    }
    const cartToken = readToken(cookies, COOKIE.cartToken);
    if (cartToken) descriptor.cartToken = cartToken;
    if (extra.checkoutToken) descriptor.checkoutToken = extra.checkoutToken;
    res.status(status).set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': CSP }).type('html').send(renderStoreLayout({
      title: content.title, body: content.body, descriptor, cartCount: itemCount(readCart(cookies)), customer, path: req.originalUrl,
    }));
  };
  const redirect = (res: Response, path: string) => res.redirect(303, `${STORE_BASE}${path}`);

  router.get('/assets/:file', (req, res, next) => {
    const type = ASSETS[req.params.file];
    if (!type) return next();
    res.type(type).set('Cache-Control', 'no-cache').sendFile(req.params.file, { root: ASSETS_DIR });
  });

  router.get('/', (req, res) => page(req, res, renderHome()));
  router.get('/collections/:handle', (req, res) => {
    const collection = collectionByHandle(req.params.handle);
    page(req, res, collection ? renderCollection(collection) : renderNotFound(), {}, collection ? 200 : 404);
  });
  router.get('/products/:handle', (req, res) => {
    const product = productByHandle(req.params.handle);
    page(req, res, product ? renderProduct(product) : renderNotFound(), {}, product ? 200 : 404);
  });
  router.get('/search', (req, res) => page(req, res, renderSearch(typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '')));
  router.get('/cart', (req, res) => page(req, res, renderCart(readCart(readCookies(req)))));

  router.post('/cart/add', form, (req, res) => {
    const body = parseForm(AddBody, req.body);
    const product = productById(body.productId);
    if (!product) throw badRequest('unknown_product', 'No such product in the demo catalog.');
    const cookies = readCookies(req);
    const lines = readCart(cookies);
    const line = lines.find((l) => l.product.id === product.id);
    if (line) line.quantity = Math.min(99, line.quantity + body.quantity);
    else lines.push({ product, quantity: body.quantity });
    writeCart(res, lines);
    if (!readToken(cookies, COOKIE.cartToken)) setCookie(res, COOKIE.cartToken, randomBytes(16).toString('hex'));
    redirect(res, '/cart');
  });
  router.post('/cart/remove', form, (req, res) => {
    const body = parseForm(RemoveBody, req.body);
    writeCart(res, readCart(readCookies(req)).filter((l) => l.product.id !== body.productId));
    redirect(res, '/cart');
  });

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
    page(req, res, renderContactStep(lines, email, started), { checkoutToken: token });
  });
  const checkoutStep = (render: typeof renderShippingStep) => (req: Request, res: Response) => {
    const cookies = readCookies(req);
    const lines = readCart(cookies);
    const token = readToken(cookies, COOKIE.checkoutToken);
    if (lines.length === 0 || !token) return redirect(res, '/cart');
    page(req, res, render(lines), { checkoutToken: token });
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
    page(req, res, renderThankYou(order), { checkoutToken: order?.checkoutToken ?? null });
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
  router.use((req, res) => page(req, res, renderNotFound(), {}, 404));
  return router;
}
