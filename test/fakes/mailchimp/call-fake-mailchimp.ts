import type { FakeMailchimp } from './start-fake-mailchimp.js';

export const API_KEY = '0123456789abcdef0123456789abcdef-us14';
export const LIST = 'list0001';

export interface Reply { status: number; contentType: string; body: Record<string, unknown> | undefined }

/** A bare HTTP call with Mailchimp's Basic auth (any user, the key as password), for tests of the fake itself. */
export async function callFake(
  fake: FakeMailchimp,
  method: string,
  path: string,
  body?: unknown,
  init: { apiKey?: string | null; signal?: AbortSignal } = {},
): Promise<Reply> {
  const key = init.apiKey === undefined ? API_KEY : init.apiKey;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Basic ${Buffer.from(`anystring:${key}`).toString('base64')}`;
  const res = await fetch(`${fake.baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    ...(init.signal && { signal: init.signal }),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}
