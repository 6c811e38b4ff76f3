import { z } from 'zod';
import { DestinationError } from '../destination-error.js';

/** The parts of Klaviyo's answers we read (spec response schemas); anything else is a bad response. */
const ID = z.string().min(1).max(200);
const NEXT = z.object({ next: z.string().max(5000).nullish() }).partial().nullish();

export const LIST_PAGE = z.object({ data: z.array(z.object({ id: ID, attributes: z.object({ name: z.string().max(1000) }) })), links: NEXT });
export const LIST_CREATED = z.object({ data: z.object({ id: ID }) });

const SUPPRESSION = z.object({ reason: z.string().max(100) });
const MARKETING = z.object({ consent: z.string().max(100).optional(), suppression: z.array(SUPPRESSION).nullish() });
export const PROFILE_PAGE = z.object({
  data: z.array(z.object({
    id: ID,
    attributes: z.object({
      email: z.string().max(1000).nullish(),
      subscriptions: z.object({ email: z.object({ marketing: MARKETING.nullish() }).nullish() }).nullish(),
    }),
  })),
  links: NEXT,
});

export const IMPORT_JOB = z.object({
  data: z.object({
    id: ID,
    attributes: z.object({
      status: z.enum(['queued', 'processing', 'complete', 'cancelled']),
      failed_count: z.number().int().nonnegative().nullish(),
    }),
  }),
});

export const IMPORT_ERRORS = z.object({
  data: z.array(z.object({
    attributes: z.object({
      code: z.string().max(200).nullish(),
      source: z.object({ pointer: z.string().max(500).nullish() }).nullish(),
      original_payload: z.unknown().optional(),
    }),
  })),
  links: NEXT,
});

export function readAnswer<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new DestinationError(502, 'bad_response', `Klaviyo's answer to ${what} has an unexpected shape.`);
  return parsed.data;
}
