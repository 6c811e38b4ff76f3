import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; text: string } | { ok: false; reason: 'too_large' };

/**
 * Reads a request body as UTF-8 up to `maxBytes`. A larger body is drained (up to `drainBytes`, so the
 * client can read our 413 rather than a reset connection) and reported as too large; one larger still
 * is reported at once. Nothing is reported for a client that went away mid-body.
 */
export function readRequestBody(
  req: IncomingMessage,
  maxBytes: number,
  done: (result: BodyResult) => void,
  drainBytes = 1024 * 1024,
): void {
  const tooLarge: BodyResult = { ok: false, reason: 'too_large' };
  if (Number(req.headers['content-length']) > drainBytes) return done(tooLarge);
  let first: Buffer | null = null;
  let more: Buffer[] | null = null;
  let received = 0;
  let reported = false;
  const report = (result: BodyResult) => {
    if (reported) return;
    reported = true;
    done(result);
  };
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received <= maxBytes) {
      if (first === null) first = chunk;
      else (more ??= [first]).push(chunk);
      return;
    }
    first = null;
    more = null;
    if (received > drainBytes) report(tooLarge);
  });
  req.on('end', () => {
    if (received > maxBytes) return report(tooLarge);
    const body = more !== null ? Buffer.concat(more) : first;
    report({ ok: true, text: body === null ? '' : (body as Buffer).toString('utf8') });
  });
}
