import { Router, type Request } from 'express';
import { request as httpRequest } from 'node:http';
import type { AppConfig } from '../config.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { signAppProxyQuery, toSearchParams, type ProxyQuery } from '../shopify/sign-app-proxy-query.js';
import { demoLoginCustomer } from './demo-customers.js';
import { COOKIE, readCookies } from './store/demo-store-cookies.js';

export const APP_PROXY_PREFIX = '/apps/segments';
/** Where Shopify would forward to: the app's proxy URL (`<app>/proxy`) plus the rest of the path. */
const PROXY_TARGET = '/proxy';
const RELAYED_HEADERS = ['content-type', 'retry-after', 'cache-control'];

export interface AppProxyDeps {
  config: AppConfig;
  clock: Clock;
}

/**
 * Plays Shopify's part for the demo storefront: `POST /apps/segments/<rest>` is forwarded over real HTTP
 * to `/proxy/<rest>` on this same server, with the query Shopify adds (shop, logged_in_customer_id from
 * the demo login, path_prefix, timestamp, signature), the body as it came, the shopper's User-Agent and
 * X-Forwarded-For, and no cookies. The app's answer (status, body) goes back unchanged.
 */
export function createAppProxyRouter(deps: AppProxyDeps): Router {
  const router = Router();
  router.post(`${APP_PROXY_PREFIX}/*rest`, (req, res, next) => {
    const rest = ([] as string[]).concat(req.params.rest as string | string[]).map(encodeURIComponent).join('/');
    const customer = demoLoginCustomer(readCookies(req)[COOKIE.customer]);
    const query = signAppProxyQuery(deps.config.shopify.apiSecret, {
      shop: deps.config.demo.shop,
      loggedInCustomerId: customer?.id ?? null,
      pathPrefix: APP_PROXY_PREFIX,
      timestamp: Math.floor(deps.clock.now() / 1000),
      query: storefrontQuery(req),
    });
    const headers: Record<string, string> = { 'x-forwarded-for': req.ip ?? req.socket.remoteAddress ?? '' };
    for (const name of ['content-type', 'content-length', 'content-encoding', 'user-agent', 'accept']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    // The connection's own local address and port: this server, however it was bound.
    const upstream = httpRequest({
      host: req.socket.localAddress,
      port: req.socket.localPort,
      method: 'POST',
      path: `${PROXY_TARGET}/${rest}?${toSearchParams(query).toString()}`,
      headers,
    }, (answer) => {
      res.status(answer.statusCode ?? 502);
      for (const name of RELAYED_HEADERS) {
        const value = answer.headers[name];
        if (value !== undefined) res.setHeader(name, value);
      }
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) next(new AppError(502, 'proxy_upstream_failed', 'The app did not answer the proxied request.'));
    });
    req.pipe(upstream);
  });
  return router;
}

/** The storefront request's own query parameters, which Shopify forwards and signs along with its own. */
function storefrontQuery(req: Request): ProxyQuery {
  const out: ProxyQuery = {};
  const params = new URL(req.originalUrl, 'http://storefront.invalid').searchParams;
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}
