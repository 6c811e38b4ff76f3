import express, { Router, type Request, type Response } from 'express';
import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import { demoLoginCustomer } from '../demo-customers.js';
import type { StorePageSender } from './create-store-page-sender.js';
import {
  COOKIE, COUNTRY_CODES, PAYMENT_METHODS, SHIPPING_METHODS, addPendingPixelEvents, clearCookie, readCart, readCheckoutDetails,
  readCookies, readOrder, readToken, setCookie, writeCheckoutDetails, writeOrder,
} from './demo-store-cookies.js';
import { parseForm } from './parse-form.js';
import { orderLines, renderContactStep, renderPaymentStep, renderShippingStep, renderThankYou } from './render-checkout-pages.js';
import { STORE_BASE } from './render-store-layout.js';

const ContactBody = z.object({ email: z.email().max(254), acceptsMarketing: z.literal('on').optional() });
// The street and city fields are read by nobody: only the country is kept (the form says so).
const ShippingBody = z.object({
  countryCode: z.enum(COUNTRY_CODES).optional(),
  shippingMethod: z.enum(SHIPPING_METHODS).optional(),
  address: z.string().max(100).optional(),
  city: z.string().max(60).optional(),
});
const PaymentBody = z.object({ paymentMethod: z.enum(PAYMENT_METHODS).optional() });

export interface CheckoutRouterDeps {
  pages: StorePageSender;
}

/**
 * The demo's three-step checkout and its thank-you page. Shopify runs no theme app embeds here, so only the
 * web pixel hears of it: every page tells the pixel host what it publishes (pixel-events.ts). The checkout
 * lives in cookies (its token, the shopper's choices, then the placed order), as the cart does.
 */
export function createCheckoutRouter(deps: CheckoutRouterDeps): Router {
  const router = Router();
  const { pages } = deps;
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 20 });
  const redirect = (res: Response, path: string) => res.redirect(303, `${STORE_BASE}${path}`);

  // Each step's POST keeps what was chosen and tells the next page to announce the step to the web pixel
  // (`checkout_*_submitted`): the page that posted is gone by then.
  router.get('/checkout', (req, res) => {
    const cookies = readCookies(req);
    const lines = readCart(cookies);
    if (lines.length === 0) return redirect(res, '/cart');
    let token = readToken(cookies, COOKIE.checkoutToken);
    const started = !token;
    if (!token) {
      token = randomBytes(16).toString('hex');
      setCookie(res, COOKIE.checkoutToken, token, 24 * 3600);
      clearCookie(res, COOKIE.checkout);
    }
    const details = started ? {} : readCheckoutDetails(cookies);
    const email = details.email ?? demoLoginCustomer(cookies[COOKIE.customer])?.email ?? '';
    pages.checkout(req, res, renderContactStep(lines, email), { checkout: { token, lines, details }, started });
  });
  const checkoutStep = (render: typeof renderShippingStep) => (req: Request, res: Response) => {
    const cookies = readCookies(req);
    const lines = readCart(cookies);
    const token = readToken(cookies, COOKIE.checkoutToken);
    if (lines.length === 0 || !token) return redirect(res, '/cart');
    pages.checkout(req, res, render(lines), { checkout: { token, lines, details: readCheckoutDetails(cookies) }, started: false });
  };
  router.get('/checkout/shipping', checkoutStep(renderShippingStep));
  router.get('/checkout/payment', checkoutStep(renderPaymentStep));
  // The address is the shopper's own, kept in their browser's checkout cookie for the pixel's events, never on the server.
  router.post('/checkout/contact', form, (req, res) => {
    const body = parseForm(ContactBody, req.body);
    writeCheckoutDetails(res, { ...readCheckoutDetails(readCookies(req)), email: body.email, acceptsMarketing: body.acceptsMarketing === 'on' });
    addPendingPixelEvents(req, res, [{ kind: 'contact' }]);
    redirect(res, '/checkout/shipping');
  });
  router.post('/checkout/shipping', form, (req, res) => {
    const { countryCode, shippingMethod } = parseForm(ShippingBody, req.body);
    writeCheckoutDetails(res, { ...readCheckoutDetails(readCookies(req)), countryCode, shippingMethod });
    addPendingPixelEvents(req, res, [{ kind: 'address' }, { kind: 'shipping' }]);
    redirect(res, '/checkout/payment');
  });
  router.post('/checkout/payment', form, (req, res) => {
    const { paymentMethod } = parseForm(PaymentBody, req.body);
    const cookies = readCookies(req);
    const lines = readCart(cookies);
    const checkoutToken = readToken(cookies, COOKIE.checkoutToken);
    if (lines.length === 0 || !checkoutToken) return redirect(res, '/cart');
    const orderId = String(6_000_000_000_000 + randomInt(0, 2 ** 40));
    const details = { ...readCheckoutDetails(cookies), paymentMethod };
    writeOrder(res, { orderId, checkoutToken, lines: lines.map((l) => ({ productId: l.product.id, quantity: l.quantity })), details });
    for (const name of [COOKIE.cart, COOKIE.cartToken, COOKIE.checkoutToken, COOKIE.checkout]) clearCookie(res, name);
    addPendingPixelEvents(req, res, [{ kind: 'payment' }]);
    redirect(res, '/thank-you');
  });
  router.get('/thank-you', (req, res) => {
    const cookies = readCookies(req);
    const order = readOrder(cookies);
    // Shown once, like Shopify's order status page fires checkout_completed once.
    if (order) clearCookie(res, COOKIE.order);
    const customerId = demoLoginCustomer(cookies[COOKIE.customer])?.id ?? null;
    const checkout = order
      ? { token: order.checkoutToken, lines: orderLines(order), details: order.details, order: { id: order.orderId, customerId } }
      : null;
    pages.checkout(req, res, renderThankYou(order), { checkout, started: false });
  });
  return router;
}
