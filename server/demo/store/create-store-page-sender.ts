import type { Request, Response } from 'express';
import { demoLoginCustomer } from '../demo-customers.js';
import { itemCount } from '../demo-event-properties.js';
import { COOKIE, clearCookie, readCart, readCookies, readToken } from './demo-store-cookies.js';
import type { AppEmbedRenderer } from './render-app-embed.js';
import type { StorefrontContent } from './render-catalog-pages.js';
import type { CheckoutContent } from './render-checkout-pages.js';
import { STORE_NAME, renderStoreLayout, type PageDescriptor } from './render-store-layout.js';
import { themeObjects } from './theme-objects.js';

// Scripts only from here (no inline scripts besides JSON data); inline style attributes colour the placeholder images.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; form-action 'self'";

export interface StorePageSenderDeps {
  /** The shop's permanent domain, as Liquid's `shop.permanent_domain`. */
  shop: string;
  renderAppEmbed: AppEmbedRenderer;
}

export interface StorePageSender {
  /** A theme page: the app embed renders at the end of <body>, unless the URL says `?embed=0`. */
  storefront(req: Request, res: Response, content: StorefrontContent, status?: number): void;
  /** A checkout page: no app embed (as on Shopify); a descriptor for the minimal sender instead. */
  checkout(req: Request, res: Response, content: CheckoutContent, checkoutToken: string | null): void;
}

export function createStorePageSender(deps: StorePageSenderDeps): StorePageSender {
  const session = (req: Request, res: Response) => {
    const cookies = readCookies(req);
    const customer = demoLoginCustomer(cookies[COOKIE.customer]);
    // "Just logged in" lasts one page, whichever page comes next.
    const justLoggedIn = Boolean(customer && cookies[COOKIE.justLoggedIn]);
    if (cookies[COOKIE.justLoggedIn]) clearCookie(res, COOKIE.justLoggedIn);
    return { cookies, customer, justLoggedIn, lines: readCart(cookies) };
  };
  const send = (res: Response, status: number, html: string) =>
    res.status(status).set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': CSP }).type('html').send(html);

  return {
    storefront(req, res, content, status = 200) {
      const { customer, lines } = session(req, res);
      // The Lighthouse bench compares the same page with and without the embed.
      const appEmbed = req.query.embed === '0' ? '' : deps.renderAppEmbed(themeObjects({
        shop: deps.shop,
        shopName: STORE_NAME,
        pageType: content.pageType,
        title: content.title,
        path: req.originalUrl.split('?')[0]!,
        customer,
        cart: lines,
        product: content.product,
        collection: content.collection,
        search: content.search,
      }));
      send(res, status, renderStoreLayout({
        title: content.title, body: content.body, cartCount: itemCount(lines), customer, path: req.originalUrl, appEmbed,
      }));
    },
    checkout(req, res, content, checkoutToken) {
      const { cookies, customer, justLoggedIn, lines } = session(req, res);
      const descriptor: PageDescriptor = { pageType: content.pageType, events: content.events };
      if (customer) descriptor.customerId = customer.id;
      if (customer && justLoggedIn) {
        descriptor.identify = true;
        descriptor.email = customer.email;
      }
      const cartToken = readToken(cookies, COOKIE.cartToken);
      if (cartToken) descriptor.cartToken = cartToken;
      if (checkoutToken) descriptor.checkoutToken = checkoutToken;
      send(res, 200, renderStoreLayout({
        title: content.title, body: content.body, cartCount: itemCount(lines), customer, path: req.originalUrl, descriptor, appEmbed: '',
      }));
    },
  };
}
