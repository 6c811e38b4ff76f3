import type { ServerResponse } from 'node:http';
import type { AppError } from '../errors.js';

/**
 * The collect routes answer with node:http directly (they also run before Express, see app.ts),
 * writing the same `{error: {code, message}}` envelope as server/errors.ts.
 */
export function writeJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  if (headers) for (const name in headers) res.setHeader(name, headers[name]!);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function writeError(res: ServerResponse, error: AppError): void {
  writeJson(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);
}
