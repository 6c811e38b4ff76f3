import type { FakeKlaviyoState } from './fake-klaviyo-state.js';
import { nextId } from './fake-klaviyo-state.js';
import { invalid } from './klaviyo-errors.js';
import { upsertProfile, type Answer } from './fake-profiles.js';

interface EventBody {
  data: {
    attributes: {
      properties: Record<string, unknown>;
      time?: string;
      value?: number;
      unique_id?: string;
      metric: { data: { attributes: { name: string } } };
      profile: { data: { id?: string; attributes?: Record<string, unknown> } };
    };
  };
}

const MAX_METRIC_NAME = 127;
const MAX_PROPERTIES = 400;

/**
 * POST /api/events (body already checked against the spec): 202 with no body. The event upserts its
 * profile. `unique_id` dedupes per profile and metric, first one wins; without it, the timestamp second
 * is the key, as Klaviyo documents.
 */
export function createEvent(state: FakeKlaviyoState, body: EventBody, now: number): Answer {
  const { properties, time, value, unique_id: uniqueId, metric, profile } = body.data.attributes;
  const name = metric.data.attributes.name;
  if (name.length > MAX_METRIC_NAME) return invalid('Metric name must be under 128 characters.', { pointer: '/data/attributes/metric/data/attributes/name' });
  if (Object.keys(properties).length > MAX_PROPERTIES) return invalid(`At most ${MAX_PROPERTIES} event properties are allowed.`, { pointer: '/data/attributes/properties' });
  const at = time === undefined ? now : Date.parse(time);
  if (at < Date.UTC(1990, 0, 1) || at > now + 365 * 24 * 3600 * 1000) {
    return invalid('Event time must be after 1990 and at most one year in the future.', { pointer: '/data/attributes/time' });
  }
  const identifiers = profile.data.attributes ?? {};
  const identified = typeof profile.data.id === 'string' || ['email', 'phone_number', 'external_id', '_kx'].some((k) => typeof identifiers[k] === 'string');
  if (!identified) return invalid('A profile identifier is required.', { pointer: '/data/attributes/profile/data/attributes' });
  const stamp = new Date(Math.floor(at / 1000) * 1000).toISOString();
  const target = upsertProfile(state, profile.data, new Date(now).toISOString());
  const key = uniqueId ?? stamp;
  const duplicate = state.events.some((e) => e.profileId === target.id && e.metric === name && (e.uniqueId || e.time) === key);
  if (!duplicate) {
    state.events.push({ id: nextId(state, 'event'), metric: name, profileId: target.id, uniqueId: uniqueId ?? '', properties, time: stamp, ...(value !== undefined && { value }) });
  }
  return { status: 202 };
}
