import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { fixedClock } from '../../server/clock.js';
import { signSessionToken } from '../../server/auth/sign-session-token.js';
import { createShopQueries } from '../../server/db/shops.js';
import { adminApiClient } from './admin-api-client.js';
import { insertSegmentMembers, segmentBody } from './destinations-test-world.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const HEADER = ['profile_id', 'customer_id', 'email', 'rfm_group', 'number_of_orders', 'amount_spent', 'last_order_at', 'primary_device', 'entered_at'];

/** RFC 4180, strictly: CRLF records, quoted fields with doubled quotes. Throws on anything else. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const row: string[] = [];
    for (;;) {
      let cell = '';
      if (text[i] === '"') {
        i += 1;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new Error('unterminated quote');
          cell += text.slice(i, q);
          i = q + 1;
          if (text[i] === '"') { cell += '"'; i += 1; } else break;
        }
      } else {
        const end = text.slice(i).search(/[,\r]/);
        cell = end < 0 ? text.slice(i) : text.slice(i, i + end);
        if (/["\n]/.test(cell)) throw new Error(`bare quote or line feed in ${JSON.stringify(cell)}`);
        i += cell.length;
      }
      row.push(cell);
      if (text[i] === ',') { i += 1; continue; }
      if (text.startsWith('\r\n', i)) { i += 2; break; }
      throw new Error(`record not CRLF-terminated at ${i}`);
    }
    rows.push(row);
  }
  return rows;
}

describe('GET /api/segments/:id/members.csv', () => {
  let t: TestApp;
  const call = adminApiClient(() => t);
  const download = (path: string, shop?: string) => fetch(`${t.baseUrl}/api${path}`, {
    headers: { authorization: `Bearer ${signSessionToken(t.config.shopify.apiSecret, { shop: shop ?? t.shop.domain, apiKey: t.config.shopify.apiKey })}` },
  });
  const createSegment = async (name: string) => {
    const r = await call('POST', '/segments', segmentBody(name));
    expect(r.status).toBe(201);
    return r.body.segment.id as number;
  };

  beforeAll(async () => { t = await startTestApp({ clock: fixedClock(NOW) }); });
  afterAll(async () => { await t?.stop(); });

  it('writes one quoted, formula-safe record per member under the documented header', async () => {
    const id = await createSegment('VIP "gold", 2026 / été');
    const [ann, eve, bob] = insertSegmentMembers(t.db, t.shop.id, id, [
      { customerId: '7001', email: 'ann@example.com', rfmGroup: 'LOYAL', orders: 3, amountSpent: 182.5, lastOrderAt: NOW - 86_400_000, primaryDevice: 'MOBILE', enteredAt: NOW - 3_600_000 },
      // Shopper-controlled text that a spreadsheet would run, or that breaks naive CSV.
      { customerId: '-2+3', email: '=hyperlink("http://evil.example","x")@example.com', rfmGroup: '@SUM(A1)', orders: 0, amountSpent: -12.25, primaryDevice: '+DESKTOP', enteredAt: NOW - 7_200_000 },
      { customerId: null, email: null, rfmGroup: 'line\nbreak', enteredAt: NOW },
    ]);

    const r = await download(`/segments/${id}/members.csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="vip-gold-2026-ete-${id}-members-2026-11-20.csv"`);
    const text = await r.text();
    expect(text.startsWith(`${HEADER.join(',')}\r\n`)).toBe(true);
    expect(text).toContain(`"'=hyperlink(""http://evil.example"",""x"")@example.com"`);
    expect(parseCsv(text)).toEqual([
      HEADER,
      [String(ann), '7001', 'ann@example.com', 'LOYAL', '3', '182.5', new Date(NOW - 86_400_000).toISOString(), 'MOBILE', new Date(NOW - 3_600_000).toISOString()],
      [String(eve), "'-2+3", `'=hyperlink("http://evil.example","x")@example.com`, "'@SUM(A1)", '0', '-12.25', '', "'+DESKTOP", new Date(NOW - 7_200_000).toISOString()],
      [String(bob), '', '', 'line\nbreak', '0', '0', '', 'MOBILE', new Date(NOW).toISOString()],
    ]);
  });

  it('streams a segment of 2,500 members whole, in profile order', async () => {
    const id = await createSegment('Large');
    const ids = insertSegmentMembers(t.db, t.shop.id, id, Array.from({ length: 2_500 }, (_, i) => ({
      customerId: String(90_000 + i), email: `shopper${i}@example.com`, orders: i % 7, amountSpent: i, enteredAt: NOW - i,
    })));
    const r = await download(`/segments/${id}/members.csv`);
    expect(r.status).toBe(200);
    // Written in pages, so the length is not known up front.
    expect(r.headers.get('transfer-encoding')).toBe('chunked');
    expect(r.headers.get('content-length')).toBeNull();
    const rows = parseCsv(await r.text());
    expect(rows).toHaveLength(2_501);
    expect(rows.slice(1).map((row) => Number(row[0]))).toEqual(ids);
    expect(rows[2_500]).toEqual([String(ids[2_499]), '92499', 'shopper2499@example.com', 'PROSPECTS', '0', '2499', '', 'MOBILE', new Date(NOW - 2_499).toISOString()]);

    // A download abandoned after its first chunk leaves the server serving the next one whole.
    const abort = new AbortController();
    const partial = await fetch(`${t.baseUrl}/api/segments/${id}/members.csv`, {
      signal: abort.signal,
      headers: { authorization: `Bearer ${signSessionToken(t.config.shopify.apiSecret, { shop: t.shop.domain, apiKey: t.config.shopify.apiKey })}` },
    });
    await partial.body!.getReader().read();
    abort.abort();
    expect(parseCsv(await (await download(`/segments/${id}/members.csv`)).text())).toHaveLength(2_501);
  });

  it('answers the header alone for an empty segment', async () => {
    const id = await createSegment('Nobody');
    const r = await download(`/segments/${id}/members.csv`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe(`${HEADER.join(',')}\r\n`);
  });

  it('answers 404 for an unknown id, a malformed id or another shop\'s segment, and 401 without a token', async () => {
    const id = await createSegment('Mine');
    createShopQueries(t.db).ensure('other-shop.myshopify.com', NOW);
    for (const [path, shop] of [['/segments/999999/members.csv', undefined], ['/segments/abc/members.csv', undefined], [`/segments/${id}/members.csv`, 'other-shop.myshopify.com']] as const) {
      const r = await download(path, shop);
      expect(r.status, path).toBe(404);
      expect(await r.json()).toEqual({ error: { code: 'segment_not_found', message: 'No segment with this id in this shop.' } });
    }
    const anonymous = await fetch(`${t.baseUrl}/api/segments/${id}/members.csv`);
    expect(anonymous.status).toBe(401);
  });

  it('names the file safely whatever the segment is called', async () => {
    const id = await createSegment('../../etc/passwd\r\nX-Injected: 1');
    const r = await download(`/segments/${id}/members.csv`);
    expect(r.headers.get('x-injected')).toBeNull();
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="etc-passwd-x-injected-1-${id}-members-2026-11-20.csv"`);
    const unnamed = await createSegment('日本語');
    expect((await download(`/segments/${unnamed}/members.csv`)).headers.get('content-disposition')).toBe(`attachment; filename="segment-${unnamed}-members-2026-11-20.csv"`);
  });
});
