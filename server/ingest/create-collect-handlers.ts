import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { AppConfig } from '../config.js';
import type { Clock } from '../clock.js';
import type { ShopRow } from '../db/shops.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { verifyAppProxySignature } from '../shopify/verify-app-proxy-signature.js';
import { clientAddress } from './client-address.js';
import type { GroupCommit } from './create-group-commit.js';
import type { RateLimiter } from './create-rate-limiter.js';
import { writeError, writeJson } from './http-responses.js';
import { checkMediaType, COLLECT_ENVELOPE, parseCollectBody, PROXY_ENVELOPE, type Envelope } from './parse-collect-body.js';
import type { DeviceHints, DeviceInfo } from './parse-user-agent.js';
import { processEvents } from './process-events.js';
import { applyCommonFields } from './apply-common-fields.js';
import { readRequestBody } from './read-request-body.js';
import type { EventSource } from './stored-event.js';
import type { CollectResponse } from './wire-event.js';

export interface CollectHandlerDeps {
  config: AppConfig;
  clock: Clock;
  /** Shop rows by domain (cached, see create-shop-lookup.ts). */
  shopByDomain(domain: string): ShopRow | undefined;
  logger: Logger;
  commits: GroupCommit;
  ipLimiter: RateLimiter;
  shopLimiter: RateLimiter;
  isBot(userAgent: string): boolean;
  describeDevice(userAgent: string | undefined, hints: DeviceHints): DeviceInfo;
}

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface CollectHandlers {
  collect: NodeHandler;
  preflight: NodeHandler;
  proxyCollect: NodeHandler;
}

interface Accepting {
  shop: ShopRow;
  events: unknown[];
  source: EventSource;
  verifiedCustomerId: string | null;
  address: string;
}

const fail = (status: number, code: string, message: string, headers?: Record<string, string>) => new AppError(status, code, message, headers);
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,99}\.myshopify\.com$/;
const CORS_PREFLIGHT = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '86400',
};

/**
 * POST /collect (public key in the body, CORS for any origin) and POST /proxy/collect (Shopify's
 * signed app proxy). Whole-request checks in a fixed order (docs/events.md): [signature,] media type,
 * size, JSON, event count, envelope, shop, rate limits; then bots; then each event on its own.
 * Plain node:http handlers: they also run before Express (see app.ts).
 */
export function createCollectHandlers(deps: CollectHandlerDeps): CollectHandlers {
  const { config, clock, commits } = deps;

  function withBody<T>(req: IncomingMessage, res: ServerResponse, envelope: Envelope<T>, next: (body: T) => void): void {
    const mediaError = checkMediaType(req.headers);
    if (mediaError) return writeError(res, mediaError);
    readRequestBody(req, config.ingest.maxBodyBytes, (result) =>
      guard(res, () => {
        if (!result.ok) {
          const message = `The body must be at most ${config.ingest.maxBodyBytes} bytes.`;
          return writeError(res, fail(413, 'payload_too_large', message, { Connection: 'close' }));
        }
        const body = parseCollectBody(result.text, envelope, config.ingest.maxEventsPerRequest);
        if (body instanceof AppError) return writeError(res, body);
        next(body);
      }),
    );
  }

  function activeShop(domain: string): ShopRow | AppError {
    const shop = SHOP_DOMAIN.test(domain) ? deps.shopByDomain(domain) : undefined;
    if (!shop) return fail(401, 'unknown_shop', 'This shop is not known to the app. Is the app installed?');
    if (shop.uninstalledAt !== null) return fail(403, 'shop_inactive', 'The app is no longer installed on this shop.');
    return shop;
  }

  function accept(req: IncomingMessage, res: ServerResponse, a: Accepting): void {
    const receivedAt = clock.now();
    const { tally } = commits;
    const shopId = a.shop.id;
    const retryAfter = deps.ipLimiter.take(a.address) || deps.shopLimiter.take(String(shopId));
    if (retryAfter > 0) {
      tally.count(shopId, receivedAt, 'rate_limited', a.events.length);
      commits.schedule();
      const message = `Too many requests. Retry after ${retryAfter} s.`;
      return writeError(res, fail(429, 'rate_limited', message, { 'Retry-After': String(retryAfter) }));
    }
    const headerUserAgent = req.headers['user-agent'];
    if (headerUserAgent !== undefined && deps.isBot(headerUserAgent)) {
      tally.count(shopId, receivedAt, 'bot', a.events.length);
      commits.schedule();
      return answer(res, { accepted: 0, duplicates: 0, ignored: a.events.length, rejected: [] });
    }
    const processed = processEvents(a.events, {
      receivedAt,
      clockSkewMs: config.ingest.clockSkewMs,
      source: a.source,
      verifiedCustomerId: a.verifiedCustomerId,
      headerUserAgent,
      describeDevice: deps.describeDevice,
      isBot: deps.isBot,
    });
    const { rejected } = processed;
    const ignored = processed.noConsent + processed.bots;
    if (ignored > 0 || rejected.length > 0) {
      tally.count(shopId, receivedAt, 'no_consent', processed.noConsent);
      tally.count(shopId, receivedAt, 'bot', processed.bots);
      tally.count(shopId, receivedAt, 'invalid', rejected.length);
      for (const name of processed.badNames) tally.badName(shopId, name, receivedAt);
      commits.schedule();
    }
    if (processed.events.length === 0) return answer(res, { accepted: 0, duplicates: 0, ignored, rejected });
    commits.submit(shopId, processed.events, (error, result) => {
      if (error) return writeError(res, fail(500, 'internal_error', 'The events could not be saved and none were kept. Retry the request.'));
      answer(res, { accepted: result.accepted, duplicates: result.duplicates, ignored, rejected });
    });
  }

  function guard(res: ServerResponse, work: () => void): void {
    try {
      work();
    } catch (err) {
      deps.logger.error('collect request failed', { error: err instanceof Error ? err.message : String(err) });
      writeError(res, fail(500, 'internal_error', 'Something went wrong on our side. The request can be retried.'));
    }
  }

  return {
    preflight(_req, res) {
      res.writeHead(204, CORS_PREFLIGHT);
      res.end();
    },

    collect(req, res) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      guard(res, () =>
        withBody(req, res, COLLECT_ENVELOPE, (body) => {
          const shop = activeShop(body.shop);
          if (shop instanceof AppError) return writeError(res, shop);
          if (body.key !== shop.ingestKey) return writeError(res, fail(401, 'invalid_key', 'The ingest key does not belong to this shop.'));
          const address = clientAddress(req.socket.remoteAddress, header(req, 'x-forwarded-for'));
          accept(req, res, { shop, events: applyCommonFields(body.common, body.events), source: body.source ?? 'storefront', verifiedCustomerId: null, address });
        }),
      );
    },

    proxyCollect(req, res) {
      guard(res, () => {
        const url = req.url ?? '';
        const query = parseQuery(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
        const verdict = verifyAppProxySignature(query, {
          secret: config.shopify.apiSecret,
          nowSeconds: Math.floor(clock.now() / 1000),
          maxAgeSeconds: config.ingest.proxyMaxAgeSeconds,
        });
        if (verdict === 'invalid_signature') return writeError(res, fail(401, 'invalid_signature', 'The app proxy signature is missing or wrong.'));
        if (verdict === 'stale_request') {
          const message = `The app proxy timestamp is more than ${config.ingest.proxyMaxAgeSeconds} s away from now.`;
          return writeError(res, fail(401, 'stale_request', message));
        }
        withBody(req, res, PROXY_ENVELOPE, (body) => {
          const shop = activeShop(typeof query.shop === 'string' ? query.shop : '');
          if (shop instanceof AppError) return writeError(res, shop);
          const customer = query.logged_in_customer_id;
          const verifiedCustomerId = typeof customer === 'string' && /^\d{1,20}$/.test(customer) ? customer : null;
          // Shopify's proxy is the caller; it puts the shopper's address in X-Forwarded-For.
          const address = clientAddress(req.socket.remoteAddress, header(req, 'x-forwarded-for'), 1);
          accept(req, res, { shop, events: applyCommonFields(body.common, body.events), source: body.source ?? 'storefront', verifiedCustomerId, address });
        });
      });
    },
  };
}

function answer(res: ServerResponse, body: CollectResponse): void {
  writeJson(res, 202, body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
