/**
 * JSON.parse for Shopify payloads that keeps every digit of big ids: an integer JSON.parse would round
 * (above 2^53, as order, customer and product ids can be) becomes a string of its exact digits. Handlers
 * accept ids as numbers or strings, so for them nothing else changes. Everything else parses as usual.
 */
export function parseShopifyJson(text: string): unknown {
  // Fast path: no run of 16 digits, no integer that could be unsafe.
  if (!/\d{16}/.test(text)) return JSON.parse(text) as unknown;
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) continue;
    let end = i + 1;
    while (end < text.length && /[0-9eE.+-]/.test(text[end]!)) end++;
    const token = text.slice(i, end);
    if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
      out += `${text.slice(from, i)}"${token}"`;
      from = end;
    }
    i = end - 1;
  }
  return JSON.parse(out + text.slice(from)) as unknown;
}
