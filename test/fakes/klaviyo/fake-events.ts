import type { FakeKlaviyoState } from './fake-klaviyo-state.js';
import { nextId } from './fake-klaviyo-state.js';
import { invalid, klaviyoError, type KlaviyoError } from './klaviyo-errors.js';
import { upsertProfile, type Answer } from './fake-profiles.js';

interface EventAttributes {
  properties: Record<string, unknown>;
  time?: string | null;
  value?: number | null;
  unique_id?: string | null;
  metric: { data: { attributes: { name: string } } };
}

type ProfileData = { id?: string | null; attributes?: Record<string, unknown> };

interface EventBody {
  data: { attributes: EventAttributes & { profile: { data: ProfileData } } };
}

interface EventBulkBody {
  data: { attributes: { 'events-bulk-create': { data: { attributes: { profile: { data: ProfileData }; events: { data: { attributes: EventAttributes }[] } } }[] } } };
}

const MAX_METRIC_NAME = 127;
const MAX_PROPERTIES = 400;
/** The spec's bulk create: up to 1,000 events per request. */
export const MAX_EVENTS_PER_BULK = 1000;

/**
 * POST /api/events (body already checked against the spec): 202 with no body. The event upserts its
 * profile. `unique_id` dedupes per profile and metric, first one wins; without it, the timestamp second
 * is the key, as Klaviyo documents.
 */
export function createEvent(state: FakeKlaviyoState, body: EventBody, now: number): Answer {
  const { profile, ...event } = body.data.attributes;
  const problems = checkEvent(profile.data, event, now, '/data/attributes');
  if (problems.length > 0) return { status: 400, body: { errors: problems } };
  recordEvent(state, profile.data, event, now);
  return { status: 202 };
}

/**
 * POST /api/event-bulk-create-jobs (body checked against the spec): up to 1,000 events for any number of
 * profiles, 202 with no body. Validated whole first, one error per bad entry pointing at its index, so
 * nothing is recorded from a refused request; then each event is recorded as POST /api/events would.
 */
export function createEventBulkJob(state: FakeKlaviyoState, body: EventBulkBody, now: number): Answer {
  const entries = body.data.attributes['events-bulk-create'].data;
  const count = entries.reduce((sum, e) => sum + e.attributes.events.data.length, 0);
  if (count > MAX_EVENTS_PER_BULK) return invalid(`At most ${MAX_EVENTS_PER_BULK} events may be sent per request.`, { pointer: '/data/attributes/events-bulk-create/data' });
  const problems = entries.flatMap((entry, i) => entry.attributes.events.data.flatMap((event, j) =>
    checkEvent(entry.attributes.profile.data, event.attributes, now, `/data/attributes/events-bulk-create/data/${i}`, `/events/data/${j}/attributes`)));
  if (problems.length > 0) return { status: 400, body: { errors: problems } };
  for (const entry of entries) {
    for (const event of entry.attributes.events.data) recordEvent(state, entry.attributes.profile.data, event.attributes, now);
  }
  return { status: 202 };
}

/** Klaviyo's checks on one event, as errors pointing under `base` (the event's attributes at base + eventPath). */
function checkEvent(profile: ProfileData, event: EventAttributes, now: number, base: string, eventPath = ''): KlaviyoError[] {
  const at = base + eventPath;
  const errors: KlaviyoError[] = [];
  if (event.metric.data.attributes.name.length > MAX_METRIC_NAME) errors.push(klaviyoError(400, 'invalid', 'Metric name must be under 128 characters.', { pointer: `${at}/metric/data/attributes/name` }));
  if (Object.keys(event.properties).length > MAX_PROPERTIES) errors.push(klaviyoError(400, 'invalid', `At most ${MAX_PROPERTIES} event properties are allowed.`, { pointer: `${at}/properties` }));
  const time = event.time == null ? now : Date.parse(event.time);
  if (time < Date.UTC(1990, 0, 1) || time > now + 365 * 24 * 3600 * 1000) {
    errors.push(klaviyoError(400, 'invalid', 'Event time must be after 1990 and at most one year in the future.', { pointer: `${at}/time` }));
  }
  const identifiers = profile.attributes ?? {};
  const identified = typeof profile.id === 'string' || ['email', 'phone_number', 'external_id', '_kx'].some((k) => typeof identifiers[k] === 'string');
  if (!identified) errors.push(klaviyoError(400, 'invalid', 'A profile identifier is required.', { pointer: `${base}/profile/data/attributes` }));
  return errors;
}

function recordEvent(state: FakeKlaviyoState, profile: ProfileData, event: EventAttributes, now: number): void {
  const name = event.metric.data.attributes.name;
  const at = event.time == null ? now : Date.parse(event.time);
  const stamp = new Date(Math.floor(at / 1000) * 1000).toISOString();
  const target = upsertProfile(state, profile, new Date(now).toISOString());
  const uniqueId = event.unique_id ?? undefined;
  const key = uniqueId ?? stamp;
  const dedupeKey = `${target.id}\u0000${name}\u0000${key}`;
  if (!state.eventKeys.has(dedupeKey)) {
    state.eventKeys.add(dedupeKey);
    const value = event.value ?? undefined;
    state.events.push({ id: nextId(state, 'event'), metric: name, profileId: target.id, uniqueId: uniqueId ?? '', properties: event.properties, time: stamp, ...(value !== undefined && { value }) });
  }
}
