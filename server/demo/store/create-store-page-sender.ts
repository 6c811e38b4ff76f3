import type { Request, Response } from 'express';
import { demoLoginCustomer } from '../demo-customers.js';
import { itemCount } from '../demo-event-properties.js';
import { COOKIE, clearCookie, readCart, readCookies, readPendingPixelEvents, readToken } from './demo-store-cookies.js';
import { pixelPageData, type CheckoutView, type PixelPageFacts } from './pixel-events.js';
import type { AppEmbedRenderer } from './render-app-embed.js';
import type { StorefrontContent } from './render-catalog-pages.js';
import type { CheckoutContent } from './render-checkout-pages.js';
import { STORE_NAME, renderStoreLayout } from './render-store-layout.js';
import { themeObjects } from './theme-objects.js';

// Scripts only from here (no inline scripts besides JSON data); the pixel host's Worker too. Inline style
// attributes colour the placeholder images.
export const STORE_CSP =
  "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; form-action 'self'";

export interface StorePageSenderDeps {
  /** The shop's permanent domain, as Liquid's `shop.permanent_domain`. */
  shop: string;
  /** The shop's public ingest key: the web pixel's `ingestKey` setting. */
  ingestKey: string;
  renderAppEmbed: AppEmbedRenderer;
}

export interface StorePageSender {
  /** A theme page: the app embed renders at the end of <body>, unless the URL says `?embed=0`. */
  storefront(req: Request, res: Response, content: StorefrontContent, status?: number): void;
  /** A checkout page: no app embed (as on Shopify); only the web pixel hears what happens here. */
  checkout(req: Request, res: Response, content: CheckoutContent, view: Omit<CheckoutView, 'kind'>): void;
}

/** Every page, storefront or checkout, also tells the web pixel host what it publishes (pixel-events.ts). */
export function createStorePageSender(deps: StorePageSenderDeps): StorePageSender {
  const session = (req: Request, res: Response) => {
    const cookies = readCookies(req);
    const customer = demoLoginCustomer(cookies[COOKIE.customer]);
    // The pixel's announcements are for one page, whichever page comes next.
    if (cookies[COOKIE.pixelPending]) clearCookie(res, COOKIE.pixelPending);
    return { cookies, customer, lines: readCart(cookies) };
  };
  const pixel = (req: Request, s: ReturnType<typeof session>, view: PixelPageFacts['view']) => pixelPageData({
    // The host the browser asked for: the pixel posts to this same server's /collect.
    origin: `${req.protocol}://${req.get('host') ?? 'localhost'}`,
    shop: deps.shop,
    ingestKey: deps.ingestKey,
    customer: s.customer,
    cart: s.lines,
    cartToken: readToken(s.cookies, COOKIE.cartToken),
    pending: readPendingPixelEvents(s.cookies),
    view,
  });
  const send = (res: Response, status: number, html: string) =>
    res.status(status).set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': STORE_CSP }).type('html').send(html);

  return {
    storefront(req, res, content, status = 200) {
      const s = session(req, res);
      const { customer, lines } = s;
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
      const view = { kind: 'storefront', pageType: content.pageType, product: content.product, collection: content.collection, search: content.search } as const;
      send(res, status, renderStoreLayout({
        title: content.title, body: content.body, cartCount: itemCount(lines), customer, path: req.originalUrl, appEmbed, pixel: pixel(req, s, view),
      }));
    },
    checkout(req, res, content, view) {
      const s = session(req, res);
      send(res, 200, renderStoreLayout({
        title: content.title,
        body: content.body,
        cartCount: itemCount(s.lines),
        customer: s.customer,
        path: req.originalUrl,
        appEmbed: '',
        pixel: pixel(req, s, { kind: 'checkout', ...view }),
      }));
    },
  };
}
