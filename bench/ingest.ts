/**
 * Ingestion benchmark (issue 2): request rate and p50/p99 latency of POST /collect with 1-event and
 * 50-event requests, against a bare node:http server that parses the same body and stores nothing,
 * measured in the same run. Each server runs in its own process; the load generator (autocannon) in this one.
 *
 * Targets on a 2-core machine: 1-event rate >= 50% of bare; 50-event requests >= 100,000 stored events/s.
 * Env: BENCH_SECONDS (default 10) per case.
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO } from '../server/config.js';
import { startServerProcess } from './lib/start-server-process.js';
import { ratio } from './lib/percentile.js';
import { uuidV7 } from './lib/uuid-v7.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
const VISITORS = 20_000;

// A request carries one browser's queue, as the tracker sends it: one visitor, one session.
// Bodies are built from per-visitor templates with only the event ids filled in per request, so the
// load generator spends little CPU (it shares this 2-core machine with the server under test).
const ID_SLOT = '00000000-0000-7000-8000-000000000000';

function makeEvent(i: number, visitor: number, ts: string): Record<string, unknown> {
  return {
    id: ID_SLOT,
    name: i % 3 === 0 ? 'Product_Viewed' : 'Page_Viewed',
    ts,
    visitorId: `v-${visitor.toString(36).padStart(8, '0')}`,
    sessionId: `s-${visitor.toString(36)}`,
    properties: i % 3 === 0 ? { productId: '8123456789', variantId: '4412345678', price: 29.5, currency: 'USD', title: 'Linen shirt' } : {},
    context: { url: 'https://demo-shop.myshopify.com/products/linen-shirt?variant=1', referrer: 'https://www.google.com/', viewport: { w: 390, h: 844 }, userAgent: UA },
    consent: { analytics: true, marketing: false, preferences: true, saleOfData: true, gpc: false },
  };
}

function bodyFactory(eventsPerRequest: number): () => string {
  const ts = new Date().toISOString();
  const templates: string[][] = [];
  for (let v = 0; v < VISITORS; v++) {
    const events = Array.from({ length: eventsPerRequest }, (_, i) => makeEvent(i, v, ts));
    templates.push(JSON.stringify({ shop: DEMO.shop, key: DEMO.ingestKey, events }).split(ID_SLOT));
  }
  let request = 0;
  return () => {
    const parts = templates[(request++ * 7919) % VISITORS]!;
    let out = parts[0]!;
    for (let k = 1; k < parts.length; k++) out += uuidV7() + parts[k];
    return out;
  };
}

interface CaseResult {
  server: 'app' | 'bare';
  eventsPerRequest: number;
  requestsPerSecond: number;
  p50ms: number;
  p99ms: number;
  non2xx: number;
  storedEventsPerSecond?: number;
}

async function load(port: number, eventsPerRequest: number, connections: number, seconds: number) {
  const body = bodyFactory(eventsPerRequest);
  return autocannon({
    url: `http://127.0.0.1:${port}/collect`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': UA },
        setupRequest: (req) => ({ ...req, body: body() }),
      },
    ],
  });
}

async function runCase(server: 'app' | 'bare', eventsPerRequest: number, connections: number): Promise<CaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const dbPath = join(dir, 'bench.db');
  const proc = await startServerProcess(server === 'app' ? 'bench/servers/app-server.ts' : 'bench/servers/bare-server.ts', {
    DATABASE_PATH: dbPath,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_SHOP: '1000000',
  });
  try {
    await load(proc.port, eventsPerRequest, connections, 2); // warm-up: JIT, page cache, identity tables
    let before = 0;
    if (server === 'app') before = countEvents(dbPath);
    const r = await load(proc.port, eventsPerRequest, connections, SECONDS);
    const result: CaseResult = {
      server,
      eventsPerRequest,
      requestsPerSecond: r.requests.average,
      p50ms: r.latency.p50,
      p99ms: r.latency.p99,
      non2xx: r.non2xx,
    };
    if (server === 'app') result.storedEventsPerSecond = (countEvents(dbPath) - before) / SECONDS;
    return result;
  } finally {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function countEvents(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
  } finally {
    db.close();
  }
}

export async function benchIngest(): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const [n, connections] of [[1, 64], [50, 16]] as const) {
    results.push(await runCase('bare', n, connections));
    results.push(await runCase('app', n, connections));
  }
  console.log(`\nIngestion (${SECONDS}s per case, loopback, autocannon)`);
  console.table(results.map((r) => ({
    server: r.server,
    'events/req': r.eventsPerRequest,
    'req/s': Math.round(r.requestsPerSecond),
    'p50 ms': r.p50ms,
    'p99 ms': r.p99ms,
    non2xx: r.non2xx,
    'stored events/s': r.storedEventsPerSecond === undefined ? '' : Math.round(r.storedEventsPerSecond),
  })));
  for (const n of [1, 50]) {
    const app = results.find((r) => r.server === 'app' && r.eventsPerRequest === n)!;
    const bare = results.find((r) => r.server === 'bare' && r.eventsPerRequest === n)!;
    console.log(`${n}-event requests: app/bare request rate = ${ratio(app.requestsPerSecond, bare.requestsPerSecond)}`);
  }
  const batched = results.find((r) => r.server === 'app' && r.eventsPerRequest === 50)!;
  console.log(`50-event requests: ${Math.round(batched.storedEventsPerSecond ?? 0)} stored events/s (target >= 100,000)`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/ingest.json', JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, results }, null, 2));
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchIngest();
