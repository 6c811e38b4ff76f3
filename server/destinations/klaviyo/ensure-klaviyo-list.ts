import type { SyncTarget } from '../destination-client.js';
import type { KlaviyoTransport } from './klaviyo-transport.js';
import { listBody } from './klaviyo-bodies.js';
import { LIST_CREATED, LIST_PAGE, readAnswer } from './klaviyo-responses.js';

/** Our lists are recognisable in Klaviyo's UI and found again by exact name. */
export const klaviyoListName = (segmentName: string) => `Shopper Segments: ${segmentName}`;

/**
 * The list for a linked segment: the stored one while it exists (names are not unique in Klaviyo and
 * the merchant may rename it), else the first list with our exact name, else a new list.
 */
export async function ensureKlaviyoList(transport: KlaviyoTransport, target: SyncTarget): Promise<string> {
  if (target.remoteRef !== null) {
    const found = await findList(transport, 'id', target.remoteRef);
    if (found !== null) return found;
  }
  const name = klaviyoListName(target.segmentName);
  const existing = await findList(transport, 'name', name);
  if (existing !== null) return existing;
  const created = await transport.send({ method: 'POST', path: '/api/lists', tier: 'M', body: listBody(name) });
  return readAnswer(LIST_CREATED, created.body, 'a list creation').data.id;
}

async function findList(transport: KlaviyoTransport, field: 'id' | 'name', value: string): Promise<string | null> {
  const filter = `equals(${field},${JSON.stringify(value)})`;
  const answer = await transport.send({ method: 'GET', path: `/api/lists?filter=${encodeURIComponent(filter)}&page[size]=10`, tier: 'L' });
  const lists = readAnswer(LIST_PAGE, answer.body, 'a list look-up').data;
  // The filter is exact on Klaviyo's side; checking again keeps a looser server from handing us another list.
  return lists.find((l) => (field === 'id' ? l.id : l.attributes.name) === value)?.id ?? null;
}
