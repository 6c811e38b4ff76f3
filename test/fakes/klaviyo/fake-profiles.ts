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
  const byId = typeof resource.id === 'string' ? state.profiles.get(resource.id) : undefined;
  const byEmail = normalizedEmail === undefined ? undefined : state.profiles.get(state.profileIdsByEmail.get(normalizedEmail) ?? '');
  const existing = byId ?? byEmail ?? (typeof phone === 'string' || typeof externalId === 'string'
    ? [...state.profiles.values()].find((p) => (typeof phone === 'string' && p.phoneNumber === phone) || (typeof externalId === 'string' && p.externalId === externalId))
    : undefined);
  const profile: FakeProfile = existing ?? {
    id: nextId(state, 'profile'), attributes: {}, properties: {}, created: at, updated: at,
    emailMarketing: { consent: 'NEVER_SUBSCRIBED', consentTimestamp: null, method: null, doubleOptin: null, suppressions: [] },
  };
  if (normalizedEmail !== undefined) {
    if (profile.email !== undefined && profile.email !== normalizedEmail) state.profileIdsByEmail.delete(profile.email);
    profile.email = normalizedEmail;
    state.profileIdsByEmail.set(normalizedEmail, profile.id);
  }
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

export function profileResource(profile: FakeProfile, baseUrl: string, withSubscriptions = false) {
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
      ...(withSubscriptions && { subscriptions: subscriptionsOf(profile) }),
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

/** The spec's Subscriptions.email.marketing (EmailMarketing): only returned when asked for. */
function subscriptionsOf(profile: FakeProfile) {
  const m = profile.emailMarketing;
  return {
    email: {
      marketing: {
        can_receive_email_marketing: m.suppressions.length === 0,
        consent: m.consent,
        consent_timestamp: m.consentTimestamp,
        last_updated: m.consentTimestamp,
        method: m.method,
        method_detail: '',
        double_optin: m.doubleOptin,
        suppression: m.suppressions,
        list_suppressions: [],
      },
    },
  };
}

const ADDITIONAL_FIELDS = ['subscriptions', 'predictive_analytics'];

/** GET /api/profiles: filter on email (equals, any); page[size] default 20, max 100; additional-fields[profile]=subscriptions. */
export function getProfiles(state: FakeKlaviyoState, query: URLSearchParams, baseUrl: string): Answer {
  const size = pageSize(query, 20, 100);
  if (typeof size !== 'number') return size;
  const additional = (query.get('additional-fields[profile]') ?? '').split(',').filter((f) => f !== '');
  const unknownField = additional.find((f) => !ADDITIONAL_FIELDS.includes(f));
  if (unknownField !== undefined) return invalid(`'${unknownField}' is not a valid additional field.`, { parameter: 'additional-fields[profile]' });
  const filter = query.get('filter');
  let profiles: FakeProfile[];
  if (filter === null) profiles = [...state.profiles.values()].slice(0, size);
  else {
    const parsed = parseFilter(filter);
    if ('status' in parsed) return parsed;
    if (parsed.field !== 'email') return invalid(`'${parsed.field}' is not a filterable field here.`, { parameter: 'filter' });
    const wanted = [...new Set(parsed.values.map((v) => v.trim().toLowerCase()))];
    profiles = wanted.flatMap((email) => state.profiles.get(state.profileIdsByEmail.get(email) ?? '') ?? [])
      .sort((a, b) => Number(a.id.slice(3)) - Number(b.id.slice(3)));
  }
  return {
    status: 200,
    body: { data: profiles.slice(0, size).map((p) => profileResource(p, baseUrl, additional.includes('subscriptions'))), links: { self: `${baseUrl}/api/profiles/`, next: null, prev: null } },
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
