import type { FakeKlaviyoState, FakeProfile } from './fake-klaviyo-state.js';
import { nextId } from './fake-klaviyo-state.js';
import { invalid, type ErrorAnswer } from './klaviyo-errors.js';

export interface Answer { status: number; body?: unknown; headers?: Record<string, string> }

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const isValidEmail = (email: unknown): boolean => typeof email === 'string' && EMAIL.test(email);

/** Creates or updates a profile the way Klaviyo matches them: id, then email, phone number, external id. */
export function upsertProfile(state: FakeKlaviyoState, resource: { id?: unknown; attributes?: Record<string, unknown> }, at: string): FakeProfile {
  const { properties, email, phone_number: phone, external_id: externalId, ...rest } = resource.attributes ?? {};
  const normalizedEmail = typeof email === 'string' ? email.trim().toLowerCase() : undefined;
  const existing = [...state.profiles.values()].find((p) =>
    (typeof resource.id === 'string' && p.id === resource.id)
    || (normalizedEmail !== undefined && p.email === normalizedEmail)
    || (typeof phone === 'string' && p.phoneNumber === phone)
    || (typeof externalId === 'string' && p.externalId === externalId));
  const profile: FakeProfile = existing ?? { id: nextId(state, 'profile'), attributes: {}, properties: {}, created: at, updated: at };
  if (normalizedEmail !== undefined) profile.email = normalizedEmail;
  if (typeof phone === 'string') profile.phoneNumber = phone;
  if (typeof externalId === 'string') profile.externalId = externalId;
  // null clears a field, an omitted field stays as it was (createOrUpdateProfile docstring).
  for (const [key, value] of Object.entries(rest)) {
    if (value === null) delete profile.attributes[key];
    else profile.attributes[key] = value;
  }
  if (properties && typeof properties === 'object') Object.assign(profile.properties, properties);
  profile.updated = at;
  state.profiles.set(profile.id, profile);
  return profile;
}

export function profileResource(profile: FakeProfile, baseUrl: string) {
  return {
    type: 'profile',
    id: profile.id,
    attributes: {
      email: profile.email ?? null,
      phone_number: profile.phoneNumber ?? null,
      external_id: profile.externalId ?? null,
      ...profile.attributes,
      properties: profile.properties,
      created: profile.created,
      updated: profile.updated,
    },
    links: { self: `${baseUrl}/api/profiles/${profile.id}/` },
  };
}

export interface ParsedFilter { operator: 'equals' | 'any'; field: string; values: string[] }

/** Klaviyo's filter syntax for one condition: `equals(email,"a@x.com")` or `any(email,["a@x.com","b@y.com"])`. */
export function parseFilter(filter: string): ParsedFilter | ErrorAnswer {
  const match = /^(equals|any)\(([a-z_]+),(.+)\)$/.exec(filter.trim());
  const bad = invalid(`Invalid filter provided: '${filter}'.`, { parameter: 'filter' });
  if (!match) return bad;
  const [, operator, field = '', raw = ''] = match;
  try {
    const parsed: unknown = JSON.parse(raw.replace(/'/g, '"'));
    const values = Array.isArray(parsed) ? parsed : [parsed];
    if (!values.every((v): v is string => typeof v === 'string')) return bad;
    if (operator === 'equals' && Array.isArray(parsed)) return bad;
    if (operator === 'any' && !Array.isArray(parsed)) return bad;
    return { operator: operator as ParsedFilter['operator'], field, values };
  } catch {
    return bad;
  }
}

/** GET /api/profiles: filter on email (equals, any); page[size] default 20, max 100. */
export function getProfiles(state: FakeKlaviyoState, query: URLSearchParams, baseUrl: string): Answer {
  const size = pageSize(query, 20, 100);
  if (typeof size !== 'number') return size;
  let profiles = [...state.profiles.values()];
  const filter = query.get('filter');
  if (filter !== null) {
    const parsed = parseFilter(filter);
    if ('status' in parsed) return parsed;
    if (parsed.field !== 'email') return invalid(`'${parsed.field}' is not a filterable field here.`, { parameter: 'filter' });
    const wanted = new Set(parsed.values.map((v) => v.trim().toLowerCase()));
    profiles = profiles.filter((p) => p.email !== undefined && wanted.has(p.email));
  }
  return {
    status: 200,
    body: { data: profiles.slice(0, size).map((p) => profileResource(p, baseUrl)), links: { self: `${baseUrl}/api/profiles/`, next: null, prev: null } },
  };
}

export function pageSize(query: URLSearchParams, fallback: number, max: number): number | ErrorAnswer {
  const raw = query.get('page[size]');
  if (raw === null) return fallback;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > max) {
    return invalid(`Page size must be an integer between 1 and ${max}.`, { parameter: 'page[size]' });
  }
  return size;
}
