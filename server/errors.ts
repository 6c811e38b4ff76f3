import type { ErrorRequestHandler, Response } from 'express';

/**
 * One error envelope for every route: `{error: {code, message}}`.
 * Routes throw AppError (or a subclass); the handler at the end of app.ts turns it into a response.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Extra fields of the envelope's error object, e.g. where a segment query went wrong. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string) => new AppError(400, code, message);
export const unauthorized = (code: string, message: string) => new AppError(401, code, message);
export const forbidden = (code: string, message: string) => new AppError(403, code, message);
export const notFound = (code: string, message: string) => new AppError(404, code, message);

export function sendError(res: Response, status: number, code: string, message: string, details: Record<string, unknown> = {}): void {
  res.status(status).json({ error: { ...details, code, message } });
}

/** Maps body-parser and our own errors to the envelope; anything else is a 500 without internals. */
export function errorHandler(onUnexpected: (err: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
      return sendError(res, err.status, err.code, err.message, err.details);
    }
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') return sendError(res, 413, 'payload_too_large', 'The request body is larger than allowed.');
    if (e.type === 'entity.parse.failed') return sendError(res, 400, 'malformed_json', 'The request body is not valid JSON.');
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return sendError(res, 415, 'unsupported_encoding', 'The body encoding is not supported.');
    onUnexpected(err);
    return sendError(res, 500, 'internal_error', 'Something went wrong on our side. The request can be retried.');
  };
}
