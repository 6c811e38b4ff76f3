import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFakeRequestBody } from '../../fakes/read-fake-request-body.js';

/**
 * Sits in front of the fake Shopify (whose own faults cover HTTP statuses only) and adds what the
 * destination contract suite needs: a THROTTLED answer, a dropped connection for "timeout" (the Admin
 * client's timeout is a fixed 30 s; a reset lands in the same status-0 class), and customers whose
 * tagsAdd Shopify refuses with a userError. Everything else is forwarded unchanged.
 */
export type ShopifyProxyFault = 'throttle' | 'server_error' | 'timeout';

export interface ShopifyFaultProxy {
  /** Use in place of the fake's: `http://127.0.0.1:<port>/{shop}`. */
  adminOrigin: string;
  inject(fault: ShopifyProxyFault, times?: number): void;
  refuseCustomer(gid: string): void;
  /** Admin GraphQL requests received, faulted ones included. */
  graphqlRequests(): number;
  close(): Promise<void>;
}

const THROTTLED = {
  errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
  extensions: { cost: { requestedQueryCost: 10, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 } } },
};

export async function startShopifyFaultProxy(upstreamAdminOrigin: string): Promise<ShopifyFaultProxy> {
  const upstream = new URL(upstreamAdminOrigin.replace('{shop}', '')).origin;
  const faults: Array<{ fault: ShopifyProxyFault; left: number }> = [];
  const refused = new Set<string>();
  let graphql = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readFakeRequestBody(req, 1024 * 1024);
      const isGraphql = /\/graphql\.json$/.test(req.url ?? '');
      if (isGraphql) {
        graphql += 1;
        const entry = faults[0];
        if (entry) {
          entry.left -= 1;
          if (entry.left <= 0) faults.shift();
          if (entry.fault === 'timeout') { req.socket.destroy(); return; }
          const [status, answer] = entry.fault === 'throttle' ? [200, THROTTLED] : [500, { errors: 'Internal error' }];
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
          return;
        }
        const refusal = refusalFor(body, refused);
        if (refusal) { res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(refusal)); return; }
      }
      const forwarded = await fetch(`${upstream}${req.url ?? '/'}`, {
        method: req.method ?? 'GET', headers: headersOf(req), ...(body && { body }), redirect: 'manual',
      });
      res.writeHead(forwarded.status, { 'content-type': forwarded.headers.get('content-type') ?? 'application/json' }).end(await forwarded.text());
    })().catch(() => { if (!res.headersSent) res.writeHead(502).end(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    adminOrigin: `http://127.0.0.1:${port}/{shop}`,
    inject: (fault, times = 1) => { faults.push({ fault, left: times }); },
    refuseCustomer: (gid) => { refused.add(gid); },
    graphqlRequests: () => graphql,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function refusalFor(body: string, refused: ReadonlySet<string>): unknown {
  if (refused.size === 0) return null;
  let parsed: { query?: unknown; variables?: { id?: unknown } };
  try { parsed = JSON.parse(body) as typeof parsed; } catch { return null; }
  if (typeof parsed.query !== 'string' || !/\{\s*tagsAdd\b/.test(parsed.query) || !refused.has(String(parsed.variables?.id))) return null;
  return {
    data: { tagsAdd: { node: null, userErrors: [{ field: ['id'], message: 'This customer cannot be tagged.' }] } },
    extensions: { cost: { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 } } },
  };
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const keep = ['content-type', 'accept', 'x-shopify-access-token'];
  return Object.fromEntries(keep.flatMap((name) => {
    const value = req.headers[name];
    return typeof value === 'string' ? [[name, value]] : [];
  }));
}
