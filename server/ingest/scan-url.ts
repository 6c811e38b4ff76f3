/**
 * Fast paths for the two URL reductions of minimize-event.ts, for the URLs nearly every event carries
 * (`https://host/path?key=value`). Each returns undefined when the URL is anything less plain, and the
 * caller then asks WHATWG's URL parser, so the result is always the parser's: these only skip building
 * a URL object per event.
 */

const table = (chars: string, ranges = true): Uint8Array => {
  const t = new Uint8Array(128);
  if (ranges) for (let c = 0; c < 128; c++) if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) t[c] = 1;
  for (const ch of chars) t[ch.charCodeAt(0)] = 1;
  return t;
};
// Characters the parser keeps as they are in a path, a host and a query-string key (after decoding,
// which these never need: no %, no +).
const PATH = table("-._~!$&'()*+,;=:@/%");
const HOST = table('-.');
const KEY = table("-_.!~*'()");

const SLASH = 47;
const QUESTION = 63;
const HASH = 35;

/** Index after `http(s)://host`, or -1 when the URL does not start that way with a plain host name. */
function afterPlainHost(url: string): number {
  const start = url.startsWith('https://') ? 8 : url.startsWith('http://') ? 7 : -1;
  if (start === -1) return -1;
  let i = start;
  while (i < url.length) {
    const c = url.charCodeAt(i);
    if (c === SLASH || c === QUESTION || c === HASH) break;
    if (c >= 128 || HOST[c] === 0) return -1;
    i++;
  }
  // The last label must start with a letter: anything else may be an IPv4 address to the parser.
  const hostEnd = url.charCodeAt(i - 1) === 46 ? i - 1 : i;
  if (hostEnd <= start) return -1;
  const first = url.charCodeAt(Math.max(start, url.lastIndexOf('.', hostEnd - 1) + 1));
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return -1;
  // Internationalized (punycode) names are validated by the parser.
  if (url.slice(start, i).toLowerCase().includes('xn--')) return -1;
  return i;
}

/** The path and the distinct query-string keys (`/products/a?utm_source&variant`), or undefined. */
export function scanPagePath(url: string): string | undefined {
  let i: number;
  if (url.charCodeAt(0) === SLASH) {
    const second = url.charCodeAt(1);
    if (second === SLASH || second === 92) return undefined;
    i = 0;
  } else {
    i = afterPlainHost(url);
    if (i === -1) return undefined;
  }
  const pathStart = i;
  while (i < url.length) {
    const c = url.charCodeAt(i);
    if (c === QUESTION || c === HASH) break;
    if (c >= 128 || PATH[c] === 0) return undefined;
    i++;
  }
  const path = i === pathStart ? '/' : url.slice(pathStart, i);
  // Dot segments are resolved by the parser.
  if (path.includes('/.') || path.includes('%2e') || path.includes('%2E')) return undefined;
  if (url.charCodeAt(i) !== QUESTION) return path;
  let keys = '';
  let keyStart = i + 1;
  let inKey = true;
  for (i = keyStart; i <= url.length; i++) {
    const c = i === url.length ? HASH : url.charCodeAt(i);
    if (c === HASH || c === 38) {
      if (inKey && i > keyStart) keys = addKey(keys, url.slice(keyStart, i));
      if (c === HASH) break;
      keyStart = i + 1;
      inKey = true;
    } else if (inKey) {
      if (c === 61) {
        if (i === keyStart) return undefined;
        keys = addKey(keys, url.slice(keyStart, i));
        inKey = false;
      } else if (c >= 128 || KEY[c] === 0) return undefined;
    } else if (c <= 32) return undefined;
  }
  return keys === '' ? path : `${path}?${keys}`;
}

function addKey(keys: string, key: string): string {
  if (keys === '') return key;
  return `&${keys}&`.includes(`&${key}&`) ? keys : `${keys}&${key}`;
}

/** The host of a plain `http(s)://host...` URL, or undefined. */
export function scanHost(url: string): string | undefined {
  const end = afterPlainHost(url);
  if (end === -1) return undefined;
  return url.slice(url.charCodeAt(4) === 115 ? 8 : 7, end).toLowerCase();
}
