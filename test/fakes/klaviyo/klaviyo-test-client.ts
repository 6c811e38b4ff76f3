/** Raw HTTP calls as the destination client will make them, for the fake's own tests. */
export const REVISION = '2026-07-15';
export const KEY = 'pk_test';

export interface CallResult { status: number; headers: Headers; body: unknown }

export async function callKlaviyo(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<CallResult> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Klaviyo-API-Key ${KEY}`,
      revision: REVISION,
      accept: 'application/vnd.api+json',
      ...(body !== undefined && { 'content-type': 'application/vnd.api+json' }),
      ...headers,
    },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

export const listBody = (name: string) => ({ data: { type: 'list', attributes: { name } } });

export const importBody = (emails: string[], listId?: string) => ({
  data: {
    type: 'profile-bulk-import-job',
    attributes: { profiles: { data: emails.map((email) => ({ type: 'profile', attributes: { email, properties: { ss_rfm_group: 'champions' } } })) } },
    ...(listId && { relationships: { lists: { data: [{ type: 'list', id: listId }] } } }),
  },
});

export const eventBody = (email: string, uniqueId?: string, time?: string) => ({
  data: {
    type: 'event',
    attributes: {
      properties: { segment_id: 'seg_1' },
      metric: { data: { type: 'metric', attributes: { name: 'Entered Segment' } } },
      profile: { data: { type: 'profile', attributes: { email } } },
      ...(uniqueId && { unique_id: uniqueId }),
      ...(time && { time }),
    },
  },
});

export interface ErrorBody { errors: { id: string; status: number; code: string; title: string; detail: string; source?: { pointer?: string; parameter?: string } }[] }
export const errorsOf = (result: CallResult) => (result.body as ErrorBody).errors;
