import type { z } from 'zod';
import { EVENT_CATALOG, isKnownEventName } from './event-catalog.js';
import { expandCartUpdate, type CartUpdate } from './expand-cart-update.js';
import { isValidEventName, MAX_EVENT_NAME_LENGTH } from './event-name.js';
import { invalidEventNameMessage } from './guess-intended-event-name.js';
import { minimizeEvent, type MinimizeContext } from './minimize-event.js';
import { customProperties } from './property-fields.js';
import type { StoredEvent } from './stored-event.js';
import { WireEventSchema, type EventRejection } from './wire-event.js';

export interface ProcessContext extends MinimizeContext {
  isBot(userAgent: string): boolean;
}

export interface ProcessedEvents {
  events: StoredEvent[];
  rejected: EventRejection[];
  /** Valid events dropped because the visitor has not granted analytics consent. */
  noConsent: number;
  /** Events whose own user agent is a bot's. */
  bots: number;
  /** Names in the wrong form, for the taxonomy report (truncated to the name length limit). */
  badNames: string[];
}

/**
 * Validates and minimizes each event on its own, so one bad event is reported by its index and never
 * costs its siblings. Pure: the caller decides what to store and count.
 */
export function processEvents(raw: readonly unknown[], ctx: ProcessContext): ProcessedEvents {
  const out: ProcessedEvents = { events: [], rejected: [], noConsent: 0, bots: 0, badNames: [] };
  for (let index = 0; index < raw.length; index++) {
    const item = raw[index];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      out.rejected.push({ index, code: 'invalid_event', message: 'Each event must be a JSON object.' });
      continue;
    }
    const name = (item as { name?: unknown }).name;
    if (typeof name !== 'string') {
      out.rejected.push({ index, code: 'invalid_event', message: 'name: expected a string in the Object_Action form.' });
      continue;
    }
    if (!isValidEventName(name)) {
      out.rejected.push({ index, code: 'invalid_event_name', message: invalidEventNameMessage(name) });
      if (name.length > 0) out.badNames.push(name.slice(0, MAX_EVENT_NAME_LENGTH));
      continue;
    }
    const known = isKnownEventName(name) ? EVENT_CATALOG[name] : undefined;
    if (known?.origin === 'server') {
      out.rejected.push({ index, code: 'reserved_event_name', message: `${name} is derived by the server from Shopify data and cannot be sent.` });
      continue;
    }
    const parsed = WireEventSchema.safeParse(item);
    if (!parsed.success) {
      out.rejected.push({ index, code: 'invalid_event', message: firstIssue(parsed.error) });
      continue;
    }
    const event = parsed.data;
    const props = (known?.properties ?? customProperties).safeParse(event.properties ?? {});
    if (!props.success) {
      out.rejected.push({ index, code: 'invalid_properties', message: firstIssue(props.error, 'properties') });
      continue;
    }
    if (event.consent?.analytics !== true) {
      out.noConsent++;
      continue;
    }
    const userAgent = event.context?.userAgent;
    if (userAgent !== undefined && ctx.isBot(userAgent)) {
      out.bots++;
      continue;
    }
    if (name !== 'Cart_Updated') {
      out.events.push(minimizeEvent(event, props.data as Record<string, unknown>, ctx));
      continue;
    }
    // An observation, stored as the line changes it stands for (each checked like a sent one).
    for (const change of expandCartUpdate(event.id, props.data as CartUpdate)) {
      const line = EVENT_CATALOG[change.name].properties.safeParse(change.properties);
      if (!line.success) {
        out.rejected.push({ index, code: 'invalid_properties', message: firstIssue(line.error, 'properties') });
        continue;
      }
      out.events.push(minimizeEvent({ ...event, id: change.id, name: change.name }, line.data as Record<string, unknown>, ctx));
    }
  }
  return out;
}

function firstIssue(error: z.ZodError, prefix?: string): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid event.';
  const path = [prefix, ...issue.path.map(String)].filter((p) => p !== undefined && p !== '').join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
