import { randomInt } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FakeShopifyState } from './fake-shopify-state.js';

/** An order as the fake's bulk export writes it: the GraphQL node, with its line items nested. */
export interface FakeBulkOrder {
  id: string;
  createdAt: string;
  lineItems: Record<string, unknown>[];
  [field: string]: unknown;
}

/**
 * A customer as Admin GraphQL describes it (id, email, tags, numberOfOrders, amountSpent, emailMarketingConsent,
 * createdAt, updatedAt). Every exported order of the customer carries it whole under `customer`.
 */
export interface FakeBulkCustomer {
  id: string;
  [field: string]: unknown;
}

interface FakeBulkOperation {
  id: string;
  status: 'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELED';
  errorCode: string | null;
  objectCount: number;
  url: string | null;
  /** currentBulkOperation answers RUNNING this many more times before it finishes. */
  pollsLeft: number;
  lines: string[];
  /** When set, the operation ends FAILED with this code instead of COMPLETED. */
  failWith: string | null;
}

interface BulkState {
  origin: string;
  orders: Map<string, FakeBulkOrder[]>;
  /** Per shop, by customer gid. */
  customers: Map<string, Map<string, FakeBulkCustomer>>;
  operations: Map<string, FakeBulkOperation>;
  /** The app's latest bulk query per shop (what currentBulkOperation returns). */
  current: Map<string, string>;
  runningPolls: number;
  failNext: string | null;
  /** The next download stops (connection destroyed) after this many lines. */
  cutNextDownloadAfter: number | null;
  downloads: { operationId: string; linesSent: number; cut: boolean }[];
}

const states = new WeakMap<FakeShopifyState, BulkState>();

/**
 * Bulk operations of the fake Shopify (shopify.md §7.3): bulkOperationRunQuery starts one (one query per
 * shop at a time, else a user error), currentBulkOperation(type: QUERY) reports RUNNING for `runningPolls`
 * polls and then COMPLETED with objectCount and a `url` this fake serves as JSONL: each order a line, each
 * line item a line after it with `__parentId`. Orders come from `seedOrders`, filtered by the
 * `created_at:>=` of the bulk query; an order's `customer` is completed with the customer seeded under its id
 * by `seedCustomers` (the customer's state at export time, the same on each of its orders). Test controls
 * live on the returned object.
 */
export function fakeBulkOperations(state: FakeShopifyState): {
  seedOrders(shop: string, orders: FakeBulkOrder[]): void;
  /** Sets (or replaces) customers; exports started afterwards show them on their orders. */
  seedCustomers(shop: string, customers: FakeBulkCustomer[]): void;
  /** The next bulk operation ends FAILED with this errorCode (e.g. ACCESS_DENIED, INTERNAL_SERVER_ERROR, TIMEOUT). */
  failNextOperation(errorCode: string): void;
  cutNextDownloadAfter(lines: number): void;
  setRunningPolls(polls: number): void;
  downloads(): BulkState['downloads'];
  /** Finishes the shop's current operation now (as if Shopify completed it between polls). */
  finishCurrent(shop: string): string | undefined;
  setOrigin(origin: string): void;
} {
  const bulk = bulkStateOf(state);
  return {
    seedOrders: (shop, orders) => { bulk.orders.set(shop, [...(bulk.orders.get(shop) ?? []), ...orders]); },
    seedCustomers(shop, customers) {
      const known = bulk.customers.get(shop) ?? new Map<string, FakeBulkCustomer>();
      for (const customer of customers) known.set(customer.id, customer);
      bulk.customers.set(shop, known);
    },
    failNextOperation: (code) => { bulk.failNext = code; },
    cutNextDownloadAfter: (lines) => { bulk.cutNextDownloadAfter = lines; },
    setRunningPolls: (polls) => { bulk.runningPolls = polls; },
    downloads: () => bulk.downloads,
    finishCurrent(shop) {
      const op = bulk.operations.get(bulk.current.get(shop) ?? '');
      if (!op) return undefined;
      op.pollsLeft = 0;
      finish(bulk, shop, op);
      return op.id;
    },
    setOrigin: (origin) => { bulk.origin = origin; },
  };
}

export const BULK_COSTS: Record<string, number> = { bulkOperationRunQuery: 10, currentBulkOperation: 1 };

/** The GraphQL side: null when `operation` is not a bulk operation field. */
export function resolveBulkOperation(state: FakeShopifyState, shop: string, operation: string, variables: Record<string, unknown>): { data: unknown } | null {
  const bulk = bulkStateOf(state);
  if (operation === 'bulkOperationRunQuery') {
    const running = bulk.operations.get(bulk.current.get(shop) ?? '');
    if (running && (running.status === 'CREATED' || running.status === 'RUNNING')) {
      return runPayload(null, [{ code: 'OPERATION_IN_PROGRESS', field: ['query'], message: `A bulk query operation for this app and shop is already in progress: ${running.id}.` }]);
    }
    const query = typeof variables.query === 'string' ? variables.query : '';
    if (!/\borders\s*\(/.test(query)) return runPayload(null, [{ code: 'INVALID', field: ['query'], message: 'This fake exports orders only.' }]);
    const since = /created_at:>='?([0-9T:.\-Z]+)'?/.exec(query)?.[1];
    const from = since ? Date.parse(since) : -Infinity;
    const orders = (bulk.orders.get(shop) ?? []).filter((o) => Date.parse(o.createdAt) >= from);
    const customers = bulk.customers.get(shop);
    const customerOf = (customer: unknown) => {
      const id = customer && typeof customer === 'object' ? (customer as { id?: unknown }).id : undefined;
      const seeded = typeof id === 'string' ? customers?.get(id) : undefined;
      return seeded ? { ...(customer as object), ...seeded } : customer;
    };
    const lines = orders.flatMap(({ lineItems, ...order }) => [
      JSON.stringify(order.customer === undefined ? order : { ...order, customer: customerOf(order.customer) }),
      ...lineItems.map((item) => JSON.stringify({ ...item, __parentId: order.id })),
    ]);
    const op: FakeBulkOperation = {
      id: `gid://shopify/BulkOperation/${randomInt(1, 2 ** 40)}`, status: 'CREATED', errorCode: null, objectCount: 0, url: null,
      pollsLeft: bulk.runningPolls, lines, failWith: bulk.failNext,
    };
    bulk.failNext = null;
    bulk.operations.set(op.id, op);
    bulk.current.set(shop, op.id);
    return runPayload(view(op), []);
  }
  if (operation === 'currentBulkOperation') {
    const op = bulk.operations.get(bulk.current.get(shop) ?? '');
    if (!op) return { data: { currentBulkOperation: null } };
    if (op.status === 'CREATED' || op.status === 'RUNNING') {
      if (op.pollsLeft > 0) {
        op.pollsLeft--;
        op.status = 'RUNNING';
        op.objectCount = Math.floor(op.lines.length / 2);
      } else {
        finish(bulk, shop, op);
      }
    }
    return { data: { currentBulkOperation: view(op) } };
  }
  return null;
}

/** GET /{shop}/__bulk/<n>.jsonl: the result file, streamed line by line (or cut, when a test asked for it). */
export function serveBulkResult(state: FakeShopifyState, path: string, res: ServerResponse): boolean {
  const match = /^\/__bulk\/(\d+)\.jsonl$/.exec(path);
  if (!match) return false;
  const bulk = bulkStateOf(state);
  const op = bulk.operations.get(`gid://shopify/BulkOperation/${match[1]}`);
  if (!op || op.status !== 'COMPLETED') {
    res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
    return true;
  }
  const cutAfter = bulk.cutNextDownloadAfter;
  bulk.cutNextDownloadAfter = null;
  res.writeHead(200, { 'content-type': 'application/jsonl' });
  let sent = 0;
  for (const line of op.lines) {
    if (cutAfter !== null && sent >= cutAfter) {
      bulk.downloads.push({ operationId: op.id, linesSent: sent, cut: true });
      // Flush what was written, then drop the connection mid-body: the client sees the stream fail.
      res.write('', () => res.destroy());
      return true;
    }
    res.write(line + '\n');
    sent++;
  }
  bulk.downloads.push({ operationId: op.id, linesSent: sent, cut: false });
  res.end();
  return true;
}

function finish(bulk: BulkState, shop: string, op: FakeBulkOperation): void {
  if (op.status === 'COMPLETED' || op.status === 'FAILED' || op.status === 'CANCELED') return;
  if (op.failWith) {
    op.status = 'FAILED';
    op.errorCode = op.failWith;
    return;
  }
  op.status = 'COMPLETED';
  op.objectCount = op.lines.length;
  // Shopify gives no file when nothing matched.
  op.url = op.lines.length === 0 ? null : `${bulk.origin}/${shop}/__bulk/${op.id.split('/').pop()}.jsonl`;
}

function view(op: FakeBulkOperation): Record<string, unknown> {
  return { id: op.id, status: op.status, errorCode: op.errorCode, objectCount: String(op.objectCount), url: op.url };
}

function runPayload(bulkOperation: unknown, userErrors: unknown[]): { data: unknown } {
  return { data: { bulkOperationRunQuery: { bulkOperation, userErrors } } };
}

function bulkStateOf(state: FakeShopifyState): BulkState {
  let bulk = states.get(state);
  if (!bulk) {
    bulk = { origin: '', orders: new Map(), customers: new Map(), operations: new Map(), current: new Map(), runningPolls: 1, failNext: null, cutNextDownloadAfter: null, downloads: [] };
    states.set(state, bulk);
  }
  return bulk;
}
