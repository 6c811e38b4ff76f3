import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import type { CartLine } from '../demo-event-properties.js';
import { CartError, cartErrorFromBodyParser } from './cart-error.js';
import { cartItemJson, cartJson } from './cart-json.js';
import { addItems, changeLine, updateLines } from './cart-operations.js';
import { COOKIE, addPendingPixelEvents, readCart, readCookies, readToken, setCookie, writeCart } from './demo-store-cookies.js';
import { parseAddRequest, parseChangeRequest, parseUpdateRequest } from './parse-cart-request.js';
import { STORE_BASE } from './render-store-layout.js';

export interface CartRouterDeps {
  /** Answers a classic cart form (no `.js`) that the cart refused: a store page that says why. */
  sendFormError(req: Request, res: Response, error: CartError): void;
}

/**
 * Shopify's Ajax Cart API on the demo storefront, kept in the cart cookie: `GET /cart.js`,
 * `POST /cart/{add,change,update}.js` and `/cart/clear.js` answer JSON in Shopify's shapes (cart-json.ts);
 * the same paths without `.js` are the classic form posts a theme works with when scripts are off,
 * answered with a 303 to the cart page. Bodies are JSON or form-encoded, like Shopify's.
 */
export function createCartRouter(deps: CartRouterDeps): Router {
  const router = Router();
  // `items[0][id]` is as deep as a cart form goes; body-parser 2 reads `depth`, its typings do not list it yet.
  const formOptions = { extended: true, limit: '4kb', parameterLimit: 100, depth: 2 };
  const json = express.json({ limit: '4kb' });
  const form = express.urlencoded(formOptions);
  // Each parser skips a body that is not its type, so one runs and the other passes.
  const body: RequestHandler = (req, res, next) => json(req, res, (err?: unknown) => (err ? next(err) : form(req, res, next)));

  const linesOf = (req: Request) => readCart(readCookies(req));
  /** The cart token is minted with the cart, as Shopify's `cart` cookie, and kept until the order is placed. */
  const tokenOf = (req: Request, res: Response) => {
    const existing = readToken(readCookies(req), COOKIE.cartToken);
    if (existing) return existing;
    const token = randomBytes(16).toString('hex');
    setCookie(res, COOKIE.cartToken, token);
    return token;
  };
  const sendCart = (res: Response, lines: readonly CartLine[], token: string) =>
    res.set('Cache-Control', 'no-store').json(cartJson(lines, token));
  /** Writes the lines to the cookie; returns the cart token. */
  const save = (req: Request, res: Response, lines: readonly CartLine[]) => {
    writeCart(res, lines);
    return tokenOf(req, res);
  };
  const backToCart = (res: Response) => res.redirect(303, `${STORE_BASE}/cart`);
  // The web pixel hears of an add on the next page the shopper sees (pixel-events.ts), add.js or form alike.
  const announceAdded = (req: Request, res: Response, items: readonly { id: string; quantity: number }[]) =>
    addPendingPixelEvents(req, res, items.map((i) => ({ kind: 'added', variantId: i.id, quantity: i.quantity })));

  router.get('/cart.js', (req, res) => sendCart(res, linesOf(req), tokenOf(req, res)));
  router.post('/cart/add.js', body, (req, res) => {
    const request = parseAddRequest(req.body);
    const { lines, added } = addItems(linesOf(req), request.items);
    save(req, res, lines);
    announceAdded(req, res, request.items);
    res.set('Cache-Control', 'no-store').json(request.single ? cartItemJson(added[0]!) : { items: added.map(cartItemJson) });
  });
  router.post('/cart/change.js', body, (req, res) => {
    const lines = changeLine(linesOf(req), parseChangeRequest(req.body));
    sendCart(res, lines, save(req, res, lines));
  });
  router.post('/cart/update.js', body, (req, res) => {
    const lines = updateLines(linesOf(req), parseUpdateRequest(req.body));
    sendCart(res, lines, save(req, res, lines));
  });
  router.post('/cart/clear.js', (req, res) => {
    sendCart(res, [], save(req, res, []));
  });

  router.post('/cart/add', body, (req, res) => {
    const { items } = parseAddRequest(req.body);
    save(req, res, addItems(linesOf(req), items).lines);
    announceAdded(req, res, items);
    backToCart(res);
  });
  router.post('/cart/change', body, (req, res) => {
    save(req, res, changeLine(linesOf(req), parseChangeRequest(req.body)));
    backToCart(res);
  });
  router.post('/cart/update', body, (req, res) => {
    save(req, res, updateLines(linesOf(req), parseUpdateRequest(req.body)));
    backToCart(res);
  });

  const cartErrors: ErrorRequestHandler = (err, req, res, next) => {
    const error = err instanceof CartError ? err : cartErrorFromBodyParser(err);
    if (!error || res.headersSent) return next(err);
    if (req.path.endsWith('.js')) return res.status(error.status).set('Cache-Control', 'no-store').json(error);
    deps.sendFormError(req, res, error);
  };
  router.use(cartErrors);
  return router;
}
