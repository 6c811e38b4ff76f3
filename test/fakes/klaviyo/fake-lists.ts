import type { FakeKlaviyoState, FakeList } from './fake-klaviyo-state.js';
import { membersOf, nextId } from './fake-klaviyo-state.js';
import { invalid, notFound } from './klaviyo-errors.js';
import { pageSize, parseFilter, type Answer } from './fake-profiles.js';

const MAX_IDS_PER_CALL = 1000;

function listResource(list: FakeList, baseUrl: string) {
  return {
    type: 'list',
    id: list.id,
    attributes: { name: list.name, created: list.created, updated: list.updated, opt_in_process: list.optInProcess },
    relationships: {},
    links: { self: `${baseUrl}/api/lists/${list.id}/` },
  };
}

/** POST /api/lists (body already checked against the spec). Names are not unique, as in Klaviyo. */
export function createList(state: FakeKlaviyoState, body: { data: { attributes: { name: string; opt_in_process?: string | null } } }, at: string, baseUrl: string): Answer {
  const { name, opt_in_process: optIn } = body.data.attributes;
  const list: FakeList = { id: nextId(state, 'list'), name, optInProcess: optIn ?? 'double_opt_in', created: at, updated: at };
  state.lists.set(list.id, list);
  return { status: 201, body: { data: listResource(list, baseUrl) } };
}

/** GET /api/lists: filter on name or id (equals, any); page[size] default 10, max 10. */
export function getLists(state: FakeKlaviyoState, query: URLSearchParams, baseUrl: string): Answer {
  const size = pageSize(query, 10, 10);
  if (typeof size !== 'number') return size;
  let lists = [...state.lists.values()];
  const filter = query.get('filter');
  if (filter !== null) {
    const parsed = parseFilter(filter);
    if ('status' in parsed) return parsed;
    if (parsed.field !== 'name' && parsed.field !== 'id') return invalid(`'${parsed.field}' is not a filterable field here.`, { parameter: 'filter' });
    lists = lists.filter((l) => parsed.values.includes(parsed.field === 'name' ? l.name : l.id));
  }
  return { status: 200, body: { data: lists.slice(0, size).map((l) => listResource(l, baseUrl)), links: { self: `${baseUrl}/api/lists/`, next: null, prev: null } } };
}

/** POST or DELETE /api/lists/{id}/relationships/profiles: ids only, at most 1000, 204 with no body. */
export function changeListMembers(state: FakeKlaviyoState, listId: string, method: 'POST' | 'DELETE', body: { data: { id: string }[] }): Answer {
  if (!state.lists.has(listId)) return notFound(`A list with id ${listId} does not exist.`);
  if (body.data.length > MAX_IDS_PER_CALL) {
    return invalid(`At most ${MAX_IDS_PER_CALL} profiles may be sent per request.`, { pointer: '/data' });
  }
  const members = membersOf(state, listId);
  for (const { id } of body.data) {
    // Removing a non-member is a no-op; unknown ids are skipped rather than invented.
    if (method === 'DELETE') members.delete(id);
    else if (state.profiles.has(id)) members.add(id);
  }
  return { status: 204 };
}
