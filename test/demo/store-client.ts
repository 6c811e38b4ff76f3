import type { PixelEventDraft, PixelPageData } from '../../server/demo/store/pixel-events.js';

/** A fetch client with a cookie jar, for driving the demo storefront over real HTTP like a browser would. */
export interface StoreResponse {
  status: number;
  location: string | null;
  text: string;
  json(): unknown;
}

export function storeClient(baseUrl: string, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  async function request(path: string, init: { method?: string; form?: Record<string, string>; json?: unknown; body?: string; headers?: Record<string, string> } = {}): Promise<StoreResponse> {
    const h: Record<string, string> = { ...headers, ...init.headers };
    if (jar.size) h.cookie = cookieHeader();
    let body = init.body;
    if (init.form) {
      h['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    if (init.json !== undefined) {
      h['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(baseUrl + path, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers: h, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      if (attrs.some((a) => a.trim() === 'Max-Age=0')) jar.delete(name);
      else jar.set(name, pair!.slice(eq + 1));
    }
    const text = await res.text();
    return { status: res.status, location: res.headers.get('location'), text, json: () => JSON.parse(text) };
  }
  return { request, jar };
}

/** The config the storefront tracker's app embed printed (#segments-config), or null when the page has no embed. */
export function embedConfigOf(html: string): Record<string, unknown> | null {
  const json = /<script id="segments-config" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1];
  return json ? JSON.parse(json) : null;
}

/** What a page tells the web pixel host (#shopify-pixel-data): settings, init and the standard events it publishes. */
export function pixelDataOf(html: string): PixelPageData {
  const json = /<script id="shopify-pixel-data" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1];
  if (!json) throw new Error('no pixel data block');
  return JSON.parse(json) as PixelPageData;
}

/** The names of the standard events a page publishes, in order. */
export const pixelEventNames = (data: PixelPageData) => data.events.map((e) => e.name);

type DataByName = { [D in PixelEventDraft as D['name']]: D['data'] };

/** The `data` of the page's one event of that name. */
export function pixelEventData<K extends keyof DataByName>(data: PixelPageData, name: K): DataByName[K] {
  const found = data.events.filter((e) => e.name === name);
  if (found.length !== 1) throw new Error(`expected one ${name}, found ${found.length}`);
  return found[0]!.data as DataByName[K];
}
