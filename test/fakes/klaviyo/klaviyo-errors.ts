import { randomUUID } from 'node:crypto';

/** One entry of Klaviyo's JSON:API error body (spec components.responses.ClientError, plus `status`). */
export interface KlaviyoError {
  id: string;
  status: number;
  code: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
}

export interface ErrorAnswer { status: number; body: { errors: KlaviyoError[] }; headers?: Record<string, string> }

const TITLES: Record<string, string> = {
  invalid: 'Invalid input.',
  not_authenticated: 'Authentication credentials were not provided.',
  permission_denied: 'You do not have permission to perform this action.',
  not_found: 'Not found.',
  method_not_allowed: 'Method not allowed.',
  throttled: 'Request was throttled.',
  error: 'A server error occurred.',
};

export function klaviyoError(status: number, code: string, detail: string, source?: KlaviyoError['source']): KlaviyoError {
  return { id: randomUUID(), status, code, title: TITLES[code] ?? 'Error.', detail, ...(source && { source }) };
}

export function errorAnswer(status: number, code: string, detail: string, source?: KlaviyoError['source']): ErrorAnswer {
  return { status, body: { errors: [klaviyoError(status, code, detail, source)] } };
}

export const invalid = (detail: string, source?: KlaviyoError['source']) => errorAnswer(400, 'invalid', detail, source);
export const notFound = (detail = 'Not found.') => errorAnswer(404, 'not_found', detail);
